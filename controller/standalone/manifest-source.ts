/**
 * TractRepo objects from a manifests file (standalone mode). `metadata.generation` behaves as on an API
 * server: it starts at 1 and grows by one whenever the spec changes, and it survives restarts
 * (`<state>/<ns>/<name>/object.json`). `reload()` (main calls it on SIGHUP) re-reads the file: a file
 * with problems is reported and the previous set kept; otherwise changed, added and removed repos
 * become events. With `secretsDir`, a changed Secret folder becomes a `secret` event for every repo
 * that reads that Secret (secrets-dir-watch.ts), from `start` on.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock } from '../../shared/core/clock.ts';
import { ValidationError } from '../../shared/core/tract-error.ts';
import type { TractRepo, TractRepoStatus } from '../api/tract-repo.ts';
import type { Logger } from '../logging/create-logger.ts';
import type { RepoEvent, RepoKey, TractRepoSource } from '../api/ports.ts';
import { repoKey } from '../api/ports.ts';
import { reposReferencingSecret } from '../secrets/secret-references.ts';
import { SecretsDirWatch } from '../secrets/secrets-dir-watch.ts';
import { systemTimers } from '../workqueue/timers.ts';
import type { Timers } from '../workqueue/timers.ts';
import { decodeManifests } from './decode-manifests.ts';
import type { ManifestProblem } from './decode-manifests.ts';
import { STATUS_FILE } from './file-status-writer.ts';
import type { FieldProblem } from './validate-tract-repo.ts';

interface StoredObject {
  uid: string;
  generation: number;
  specHash: string;
  creationTimestamp: string;
}

export interface ManifestSourceOptions {
  file: string;
  stateDir: string;
  validateSpec: (spec: unknown) => FieldProblem[];
  logger: Logger;
  clock: Clock;
  /** Secrets as files (`--secrets-dir`), watched for changes. */
  secretsDir?: string;
  timers?: Timers;
}

export class ManifestSource implements TractRepoSource {
  readonly #options: ManifestSourceOptions;
  #repos = new Map<RepoKey, TractRepo>();
  #invalid = new Map<RepoKey, string>();
  #onEvent: ((event: RepoEvent) => void) | undefined;
  #secretsWatch: SecretsDirWatch | undefined;

  constructor(options: ManifestSourceOptions) {
    this.#options = options;
  }

  /** Loads the file; a file with problems is a ValidationError naming each of them. */
  async start(onEvent: (event: RepoEvent) => void): Promise<void> {
    const problems = await this.reload();
    if (problems.length > 0) throw new ValidationError(`${this.#options.file} has problems: ${problems.map(formatProblem).join('; ')}`, { reason: 'InvalidManifest' });
    this.#onEvent = onEvent;
    const { secretsDir, logger, timers } = this.#options;
    if (secretsDir && !this.#secretsWatch) {
      this.#secretsWatch = new SecretsDirWatch({ dir: secretsDir, logger, timers: timers ?? systemTimers, onChange: (name) => this.#secretChanged(name) });
      this.#secretsWatch.start();
    }
  }

  /** Re-reads the file and emits what changed; returns the problems that kept it from loading. */
  async reload(): Promise<ManifestProblem[]> {
    const { file, logger } = this.#options;
    const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
      logger.error('manifests file unreadable', { file, code: err.code });
      return undefined;
    });
    if (text === undefined) return [{ file, line: 1, expected: 'a readable file', found: 'none', message: `cannot read ${file}` }];
    const decoded = decodeManifests(text, file, this.#options.validateSpec);
    if (decoded.problems.length > 0) {
      for (const problem of decoded.problems) logger.error('manifest problem', { ...problem });
      return decoded.problems;
    }
    for (const problem of decoded.specProblems) logger.warn('invalid TractRepo spec', { ...problem });
    const next = new Map<RepoKey, TractRepo>();
    for (const repo of decoded.repos) next.set(repoKey(repo), await this.#withGeneration(repo));
    const previous = this.#repos;
    this.#repos = next;
    this.#invalid = decoded.invalid;
    // After the swap: listeners read the new objects through get().
    this.#emitChanges(previous, next);
    logger.info('manifests loaded', { file, repos: next.size, invalid: decoded.invalid.size });
    return [];
  }

  get(key: RepoKey): TractRepo | undefined {
    return this.#repos.get(key);
  }

  list(): TractRepo[] {
    return [...this.#repos.values()];
  }

  validationError(key: RepoKey): string | undefined {
    return this.#invalid.get(key);
  }

  async stop(): Promise<void> {
    this.#onEvent = undefined;
    this.#secretsWatch?.stop();
    this.#secretsWatch = undefined;
  }

  /** Standalone has one set of Secrets: Secret `name` concerns the repos of every namespace that read it. */
  #secretChanged(name: string): void {
    for (const key of reposReferencingSecret(this.#repos.values(), undefined, name)) this.#onEvent?.({ type: 'secret', key });
  }

  #emitChanges(previous: Map<RepoKey, TractRepo>, next: Map<RepoKey, TractRepo>): void {
    if (!this.#onEvent) return;
    for (const [key, repo] of next) {
      const before = previous.get(key);
      if (!before || before.metadata.generation !== repo.metadata.generation || JSON.stringify(before.metadata.annotations) !== JSON.stringify(repo.metadata.annotations)) {
        this.#onEvent({ type: 'upsert', key });
      }
    }
    for (const key of previous.keys()) if (!next.has(key)) this.#onEvent({ type: 'delete', key });
  }

  async #withGeneration(repo: TractRepo): Promise<TractRepo> {
    const dir = join(this.#options.stateDir, repo.metadata.namespace ?? 'default', repo.metadata.name);
    const path = join(dir, 'object.json');
    const specHash = createHash('sha256').update(JSON.stringify(repo.spec)).digest('hex');
    const stored = await readFile(path, 'utf8').then((text) => JSON.parse(text) as StoredObject, () => undefined);
    const object: StoredObject = stored
      ? { ...stored, generation: stored.specHash === specHash ? stored.generation : stored.generation + 1, specHash }
      : { uid: randomUUID(), generation: 1, specHash, creationTimestamp: this.#options.clock.now().toISOString().replace(/\.\d{3}Z$/, 'Z') };
    if (!stored || stored.generation !== object.generation) {
      await mkdir(dir, { recursive: true });
      await writeFile(path, `${JSON.stringify(object)}\n`);
    }
    const status = await readFile(join(dir, STATUS_FILE), 'utf8').then((text) => JSON.parse(text) as TractRepoStatus, () => undefined);
    return {
      ...repo,
      metadata: { ...repo.metadata, uid: object.uid, generation: object.generation, creationTimestamp: object.creationTimestamp },
      ...(status ? { status } : {}),
    };
  }
}

export function formatProblem(problem: ManifestProblem): string {
  return `${problem.file}:${problem.line}: ${problem.message} (expected ${problem.expected}, found ${problem.found})`;
}
