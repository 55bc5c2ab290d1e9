import { expect } from 'chai';
import { Writable } from 'node:stream';
import { createLogger } from '../../../../controller/logging/create-logger.ts';
import { SecretMask } from '../../../../controller/secrets/secret-mask.ts';

function capture(format: 'json' | 'pretty', mask: SecretMask): { logger: ReturnType<typeof createLogger>; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({ write: (chunk: Buffer, _e, done) => { lines.push(chunk.toString('utf8')); done(); } });
  return { logger: createLogger({ level: 'debug', format, mask, stream }), lines };
}

describe('controller logger', () => {
  it('never writes a secret it knows, wherever it appears', () => {
    const mask = new SecretMask();
    mask.add('jira-api-token-123', 'ab');
    const { logger, lines } = capture('json', mask);
    logger.warn('Jira call failed', { error: new Error('401 for token jira-api-token-123'), detail: { nested: ['x jira-api-token-123 y'] } });
    expect(lines.join('')).not.to.contain('jira-api-token-123');
    expect(lines.join('')).to.contain('[REDACTED]');
    expect(JSON.parse(lines[0]!)).to.include({ level: 'warn', message: 'Jira call failed' });
  });

  it('removes Authorization headers and credential-named fields', () => {
    const { logger, lines } = capture('json', new SecretMask());
    logger.info('request', { headers: { authorization: 'Basic dXNlcjpwYXNz', accept: 'json' }, note: 'sent Authorization: Bearer abc.def.ghi', password: 'hunter22' });
    const entry = JSON.parse(lines[0]!) as { headers: Record<string, string>; note: string; password: string };
    expect(entry.headers).to.deep.equal({ authorization: '[REDACTED]', accept: 'json' });
    expect(entry.note).to.equal('sent Authorization: Bearer [REDACTED]');
    expect(entry.password).to.equal('[REDACTED]');
  });

  it('writes one readable line per entry on a terminal', () => {
    const { logger, lines } = capture('pretty', new SecretMask());
    logger.info('controller listening', { port: 3100, repo: 'default/app' });
    expect(lines).to.have.length(1);
    expect(lines[0]).to.match(/INFO {2}controller listening {2}port=3100 repo=default\/app\n?$/);
  });

  it('does not mask values too short to be secrets', () => {
    const mask = new SecretMask();
    mask.add('on', undefined, '');
    expect(mask.size).to.equal(0);
    expect(mask.mask('sync on')).to.equal('sync on');
  });
});
