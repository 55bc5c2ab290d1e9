import { spawn } from 'node:child_process';
import { InternalError, type TractError } from '../core/tract-error.ts';
import { classifyGitError } from './classify-git-error.ts';
import { credentialSecrets, gitEnv } from './git-env.ts';
import type { GitCommandEvent, GitOptions } from './git-types.ts';

export const DEFAULT_TIMEOUT_MS = 60_000;

export interface GitRunOptions {
  /** Written to git's stdin (e.g. a commit message for `-F -`). */
  input?: string;
  /** Exit codes that are answers rather than failures (e.g. 1 for `merge-base --is-ancestor`). */
  okExitCodes?: readonly number[];
  /** Added to the repository's environment for this command only. */
  env?: Readonly<Record<string, string>>;
}

export interface GitRunResult {
  stdout: string;
  /** stdout as bytes, for output whose framing counts bytes (`cat-file --batch`). */
  stdoutBytes: Buffer;
  stderr: string;
  exitCode: number;
}

interface RawResult {
  stdout: string;
  stdoutBytes: Buffer;
  stderr: string;
  exitCode: number | null;
  timedOut: boolean;
  spawnError?: Error;
}

/**
 * Runs git for one repository directory: its own environment and credentials, a bounded timeout that
 * kills git's whole process group (remote helpers, ssh, hooks), and failures classified once.
 */
export class GitRunner {
  readonly cwd: string;
  readonly #options: GitOptions;
  readonly #env: Record<string, string>;
  readonly #secrets: readonly string[];
  readonly #timeoutMs: number;

  constructor(cwd: string, options: GitOptions) {
    this.cwd = cwd;
    this.#options = options;
    this.#env = gitEnv(options);
    this.#secrets = [...credentialSecrets(options.credentials), ...(options.secrets ?? [])];
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** Runs `git <args>`; resolves on success (or an ok exit code), otherwise throws a TractError. */
  async run(args: readonly string[], options: GitRunOptions = {}): Promise<GitRunResult> {
    const startedAt = process.hrtime.bigint();
    const raw = await this.#spawn(args, options);
    const ok = raw.exitCode === 0 || (raw.exitCode !== null && (options.okExitCodes ?? []).includes(raw.exitCode));
    this.#report(args, startedAt, ok ? 'ok' : raw.timedOut ? 'timeout' : 'failed');
    if (ok && raw.exitCode !== null) return { stdout: raw.stdout, stdoutBytes: raw.stdoutBytes, stderr: raw.stderr, exitCode: raw.exitCode };
    throw this.#toError(args, raw);
  }

  #toError(args: readonly string[], raw: RawResult): TractError {
    if (raw.spawnError !== undefined) {
      const code = (raw.spawnError as NodeJS.ErrnoException).code;
      const what = code === 'ENOENT' ? 'git was not found on PATH (install git 2.39 or newer)' : `cannot start git (${code ?? 'unknown'})`;
      return new InternalError(`git ${args[0] ?? ''}: ${what}`, { reason: 'GitOperationFailed' });
    }
    return classifyGitError({ ...raw, args, timeoutMs: this.#timeoutMs }, this.#secrets);
  }

  #report(args: readonly string[], startedAt: bigint, outcome: GitCommandEvent['outcome']): void {
    // hrtime, not performance.now(): the global `performance` loads perf_hooks, ~1 ms of `tract log`'s start.
    this.#options.onCommand?.({ command: args[0] ?? '', args, durationMs: Number(process.hrtime.bigint() - startedAt) / 1e6, outcome });
  }

  #spawn(args: readonly string[], options: GitRunOptions): Promise<RawResult> {
    return new Promise((resolve) => {
      const child = spawn('git', args, {
        cwd: this.cwd,
        env: options.env === undefined ? this.#env : { ...this.#env, ...options.env },
        // Its own process group, so a timeout can kill git together with its helpers and hooks.
        detached: true,
        stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      });
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      let settled = false;
      const settle = (exitCode: number | null, timedOut: boolean, spawnError?: Error): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        const bytes = Buffer.concat(stdout);
        resolve({ stdout: bytes.toString('utf8'), stdoutBytes: bytes, stderr: Buffer.concat(stderr).toString('utf8'), exitCode, timedOut, ...(spawnError ? { spawnError } : {}) });
      };
      const timer = setTimeout(() => {
        killGroup(child.pid);
        // Do not wait for 'close': a helper that escaped the group could hold the pipes open.
        child.stdout?.destroy();
        child.stderr?.destroy();
        child.unref();
        settle(null, true);
      }, this.#timeoutMs);
      child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
      child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
      child.on('error', (error) => settle(null, false, error));
      child.on('close', (code) => settle(code, false));
      if (options.input !== undefined) {
        child.stdin?.on('error', () => undefined); // git may exit before reading all of it
        child.stdin?.end(options.input);
      }
    });
  }
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
