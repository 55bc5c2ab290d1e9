import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ValidationSeverity, validate } from 'dockerfile-utils';
import { removeTempDirs, tempDir } from '../../support/git-fixtures.ts';
import { pushWorklogs, startControllerProcess, syncAndSettle } from '../metrics/controller-process.ts';
import { checkDockerfilePolicy } from './dockerfile-policy.ts';
import { emulateImage, isIgnored, parseDockerignore } from './emulate-image.ts';
import type { EmulatedImage } from './emulate-image.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const DOCKERFILE = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
const STRICT = {
  deprecatedMaintainer: ValidationSeverity.ERROR, directiveCasing: ValidationSeverity.ERROR, emptyContinuationLine: ValidationSeverity.ERROR,
  instructionCasing: ValidationSeverity.ERROR, instructionCmdMultiple: ValidationSeverity.ERROR, instructionEntrypointMultiple: ValidationSeverity.ERROR,
  instructionHealthcheckMultiple: ValidationSeverity.ERROR, instructionJSONInSingleQuotes: ValidationSeverity.ERROR, instructionWorkdirRelative: ValidationSeverity.ERROR,
};

describe('Dockerfile', () => {
  it('passes dockerfile-utils validation with every rule as an error', () => {
    expect(validate(DOCKERFILE, STRICT).map((d) => `${d.range.start.line + 1}: ${d.message}`)).to.deep.equal([]);
  });

  it('the validator does report a broken Dockerfile', () => {
    const messages = validate('FROM node:24-slim\nWORKDIR app\nRUN echo \\\n\n  done\nHEALTHCHECK --interval=abc CMD true\n', STRICT).map((d) => d.message);
    expect(messages.join('\n')).to.match(/WORKDIR paths should be absolute/).and.match(/Empty continuation line/).and.match(/duration/i);
  });

  it('follows the project policy: Node 24 slim, multi-stage, numeric non-root user, healthcheck, git and ssh, apt hygiene', () => {
    expect(checkDockerfilePolicy(DOCKERFILE)).to.deep.equal([]);
  });

  it('the policy reports each violation of a bad Dockerfile', () => {
    const bad = [
      'FROM node:latest',
      'ADD . /app',
      'RUN apt-get update && apt-get install git',  // and no openssh-client
      'RUN cd /app && npm install',
      'USER root',
      'CMD node bin/tract-controller.js',
    ].join('\n');
    const rules = checkDockerfilePolicy(bad).map((f) => f.rule);
    expect(rules).to.have.members(['DL3007', 'TRACT-MULTISTAGE', 'DL3002', 'DL3020', 'DL3025', 'DL3015', 'DL3014', 'DL3009', 'DL3003', 'TRACT-HEALTHCHECK', 'TRACT-PACKAGES']);
  });

  it('.dockerignore lets in exactly what the image copies, and no tests', () => {
    const rules = parseDockerignore(readFileSync(join(ROOT, '.dockerignore'), 'utf8'));
    const copied = [...DOCKERFILE.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) => m[1]!.split(' ')).map((s) => s.replace(/\/$/, ''));
    expect(copied).to.have.members(['package.json', 'package-lock.json', 'package.json', 'bin', 'crds', 'shared', 'controller']);
    for (const path of copied) expect(isIgnored(path, rules), path).to.equal(false);
    for (const path of ['test', 'docs', 'cli', 'tools', 'node_modules', 'deploy', '.git', 'bench', 'controller/x.test.ts', 'Dockerfile']) expect(isIgnored(path, rules), path).to.equal(true);
  });
});

describe('Dockerfile: the image file set, emulated without a Docker engine', function () {
  this.timeout(240_000);
  let image: EmulatedImage;

  before(() => {
    const out = tempDir('tract-image-');
    const npmCache = join(tempDir('tract-image-npm-cache-'), 'cache');
    image = emulateImage(ROOT, out, { ...process.env, npm_config_cache: npmCache, npm_config_update_notifier: 'false' });
  });
  after(() => removeTempDirs());

  it('holds production dependencies only, without the test, CLI and simulator sources', () => {
    const app = join(image.root, image.workdir);
    expect(readdirSync(app).sort()).to.deep.equal(['bin', 'controller', 'crds', 'node_modules', 'package.json', 'shared']);
    for (const devOnly of ['mocha', 'typescript', 'eslint', 'node', 'esbuild', 'playwright-core']) expect(readdirSync(join(app, 'node_modules'))).not.to.include(devOnly);
    for (const runtime of ['express', 'jira.js', 'prom-client', 'winston', 'yaml', '@kubernetes']) expect(readdirSync(join(app, 'node_modules'))).to.include(runtime);
  });

  it('starts from the ENTRYPOINT, syncs a worklog, passes its HEALTHCHECK and writes nothing outside the mounted dirs', async () => {
    const app = join(image.root, image.workdir);
    const tmp = tempDir('tract-image-tmp-');
    const mounted = (path: string): string => (path.startsWith('/tmp') ? join(tmp, path.slice(4)) : path.startsWith('/var/lib/tract') ? join(tempDir('tract-image-state-'), path.slice(14)) : path);
    const env = Object.fromEntries(Object.entries(image.env).map(([k, v]) => [k, mounted(v)]));
    mkdirSync(env.NODE_COMPILE_CACHE!, { recursive: true });
    const [, , , bin] = image.entrypoint;
    expect(image.entrypoint.slice(0, 3)).to.deep.equal(['/usr/bin/tini', '--', 'node']);
    const before = snapshot(image.root);
    const controller = await startControllerProcess({ bin: join(image.root, bin!), cwd: app, env: { ...env, TRACT_PORT: '0' } });
    try {
      await pushWorklogs(controller.dev, [{ id: '0199a000-0000-7000-8000-0000000000d1', issue: 'APP-7' }]);
      expect(await syncAndSettle(controller.url, 'default/app', '0199a000-0000-7000-8000-0000000000d1')).to.equal('synced');
      const port = new URL(controller.url).port;
      const [node, ...check] = image.healthcheck;
      expect(node).to.equal('node');
      execFileSync(process.execPath, check, { env: { ...process.env, ...env, TRACT_PORT: port }, timeout: 10_000 });
      expect(() => execFileSync(process.execPath, check, { env: { ...process.env, ...env, TRACT_PORT: '1' }, timeout: 10_000, stdio: 'pipe' })).to.throw();
    } finally {
      expect(await controller.stop()).to.equal(0);
      await controller.close();
    }
    expect(snapshot(image.root)).to.deep.equal(before);
  });
});

/** Every file under `dir` with its size and mtime: any write shows as a difference. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (path: string): void => {
    const stat = statSync(path);
    out[relative(dir, path)] = `${stat.size}:${stat.mtimeMs}`;
    if (stat.isDirectory()) for (const entry of readdirSync(path)) walk(join(path, entry));
  };
  walk(dir);
  return out;
}
