/**
 * The controller's winston logger: JSON lines in a cluster (one object per line, for the collector),
 * a readable single line on a terminal. Static messages; values go into metadata (`repo`,
 * `reconcileID`, `reason`, …). Secrets are redacted before any transport sees the entry.
 */
import { Writable } from 'node:stream';
import { createLogger as createWinston, format, transports } from 'winston';
import type { Logger } from 'winston';
import type { SecretMask } from '../secrets/secret-mask.ts';
import { redactSecrets } from './redact-format.ts';

export type LogFormat = 'json' | 'pretty';

export type { Logger } from 'winston';

export interface LoggerOptions {
  level: string;
  format: LogFormat;
  mask: SecretMask;
  /** Where lines go; default stderr (stdout stays free for what a command prints). */
  stream?: Writable;
}

export function createLogger(options: LoggerOptions): Logger {
  const stream = options.stream ?? process.stderr;
  return createWinston({
    level: options.level,
    format: format.combine(redactSecrets(options.mask)(), format.timestamp(), options.format === 'json' ? format.json() : prettyLine()),
    transports: [new transports.Stream({ stream })],
  });
}

/** A logger that drops everything (tests that don't look at logs). */
export function silentLogger(): Logger {
  return createWinston({ silent: true, transports: [new transports.Stream({ stream: new Writable({ write: (_c, _e, done) => done() }) })] });
}

function prettyLine(): ReturnType<typeof format.printf> {
  return format.printf((info) => {
    const { timestamp, level, message, ...meta } = info as Record<string, unknown>;
    const fields = Object.entries(meta)
      .filter(([key]) => typeof key === 'string' && key !== 'splat')
      .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
    const time = typeof timestamp === 'string' ? timestamp.slice(11, 23) : '';
    return `${time} ${String(level).toUpperCase().padEnd(5)} ${String(message)}${fields.length ? `  ${fields.join(' ')}` : ''}`;
  });
}
