// Builds the real Kubernetes API server and etcd that the operator's real-server tests drive
// (docs/operator.md, "The real Kubernetes API server"): `kube-apiserver` from k8s.io/kubernetes and an
// `etcd` from go.etcd.io/etcd/server/v3's embed package, both compiled by Go from the module proxy at the
// versions pinned in tools/kube-envtest/{apiserver,etcd}/go.mod (+ go.sum).
//
// The binaries are cached outside the source tree, in ${XDG_CACHE_HOME:-~/.cache}/tract/kube/<pins>/,
// where <pins> hashes both modules' go.mod, go.sum and sources, the Go version and the build flags: a
// second run is a stat call; a changed pin builds into a new directory. A build goes to a temporary
// directory renamed into place, so a concurrent run never sees half a set.
//
//   node scripts/build-kube-envtest.js      builds when missing; prints the directory and the build times
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const MODULES = join(ROOT, 'tools', 'kube-envtest');
/** The kube-apiserver's version as it reports it (kubectl version, /version): the pinned release. */
const KUBE_VERSION = 'v1.35.8';
const GO_FLAGS = ['-trimpath', '-buildvcs=false', '-mod=readonly', '-p', '2'];
const LDFLAGS = [
  '-s', '-w',
  `-X k8s.io/component-base/version.gitVersion=${KUBE_VERSION}`,
  `-X k8s.io/component-base/version.gitMajor=1`,
  `-X k8s.io/component-base/version.gitMinor=35`,
  '-X k8s.io/component-base/version.gitTreeState=clean',
].join(' ');
const TARGETS = [
  { binary: 'kube-apiserver', module: 'apiserver', pkg: 'k8s.io/kubernetes/cmd/kube-apiserver' },
  { binary: 'etcd', module: 'etcd', pkg: '.' },
];

/** `${XDG_CACHE_HOME:-~/.cache}/tract/kube` */
export function kubeCacheRoot(env = process.env) {
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'tract', 'kube');
}

function goVersion() {
  const result = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    throw new Error('Go is needed to build kube-apiserver and etcd for the real-server tests (Go 1.26 or newer, `go` on PATH, the Go module proxy reachable): see README.md');
  }
  return result.stdout.trim();
}

/** Hash of everything that decides the binaries. */
export function pinsHash(go = goVersion()) {
  const hash = createHash('sha256').update(`${go}\n${GO_FLAGS.join(' ')}\n${LDFLAGS}\n`);
  for (const target of TARGETS) {
    const dir = join(MODULES, target.module);
    for (const file of readdirSync(dir).filter((f) => /^go\.(mod|sum)$|\.go$/.test(f)).sort()) {
      hash.update(`${target.module}/${file}\n`).update(readFileSync(join(dir, file)));
    }
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * The directory holding `kube-apiserver` and `etcd`, built first when missing.
 * @param {{ log?: (line: string) => void }} [options]
 * @returns {{ dir: string, kubeApiserver: string, etcd: string, built: boolean, seconds: Record<string, number> }}
 */
export function ensureKubeBinaries(options = {}) {
  const log = options.log ?? (() => {});
  const dir = join(kubeCacheRoot(), pinsHash());
  const paths = { dir, kubeApiserver: join(dir, 'kube-apiserver'), etcd: join(dir, 'etcd') };
  if (existsSync(join(dir, 'build.json'))) return { ...paths, built: false, seconds: JSON.parse(readFileSync(join(dir, 'build.json'), 'utf8')).seconds };
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const seconds = {};
  try {
    for (const target of TARGETS) {
      log(`building ${target.binary} (${target.pkg}) from tools/kube-envtest/${target.module} …`);
      const started = performance.now();
      const result = spawnSync('nice', ['-n', '10', 'go', 'build', ...GO_FLAGS, `-ldflags=${LDFLAGS}`, '-o', join(tmp, target.binary), target.pkg], {
        cwd: join(MODULES, target.module),
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      if (result.error || result.status !== 0) throw new Error(`go build of ${target.binary} failed (exit ${result.status ?? result.error?.message}); output above`);
      seconds[target.binary] = Math.round((performance.now() - started) / 100) / 10;
      log(`built ${target.binary} in ${seconds[target.binary]} s`);
    }
    writeFileSync(join(tmp, 'build.json'), `${JSON.stringify({ kubeVersion: KUBE_VERSION, go: goVersion(), seconds }, null, 2)}\n`);
    try {
      renameSync(tmp, dir);
    } catch (err) {
      // Another run finished the same pins first: its set is as good as ours.
      if (!existsSync(join(dir, 'build.json'))) throw err;
      rmSync(tmp, { recursive: true, force: true });
    }
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  return { ...paths, built: true, seconds };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = performance.now();
  const result = ensureKubeBinaries({ log: (line) => process.stderr.write(`${line}\n`) });
  const total = Math.round((performance.now() - started) / 100) / 10;
  process.stdout.write(`kube-apiserver and etcd in ${result.dir} (${result.built ? `built now in ${total} s` : `cached; checked in ${total} s`}; build times ${JSON.stringify(result.seconds)})\n`);
}
