import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeConfig, loadConfig, resolveLogFormat } from '../../../controller/config.ts';
import { ValidationError } from '../../../shared/core/tract-error.ts';
import { removeTempDirs, tempDir } from '../../support/git-fixtures.ts';

describe('controller config', () => {
  afterEach(removeTempDirs);

  it('has the documented defaults', () => {
    const config = loadConfig({ env: {} });
    expect(config).to.deep.include({ mode: 'operator', port: 3100, concurrency: 10, jitterPercent: 5, apiToken: '', webhookBodyLimitBytes: 3 * 1024 * 1024 });
    expect(config.backoff).to.deep.equal({ minMs: 750, maxMs: 900_000 });
  });

  it('file < TRACT_* environment < flags; PORT is read too', () => {
    const file = join(tempDir(), 'config.yaml');
    writeFileSync(file, 'port: 5000\nconcurrency: 3\nlog:\n  level: debug\nbackoff:\n  maxMs: 10m\n');
    const config = loadConfig({ env: { TRACT_CONCURRENCY: '7', PORT: '4000' }, file, overrides: { port: 9000 } });
    expect(config.port).to.equal(9000);
    expect(config.concurrency).to.equal(7);
    expect(config.log.level).to.equal('debug');
    expect(config.backoff.maxMs).to.equal(600_000);
    expect(loadConfig({ env: { PORT: '4000' } }).port).to.equal(4000);
    expect(loadConfig({ env: { PORT: '4000', TRACT_PORT: '4100' } }).port).to.equal(4100);
  });

  it('refuses unknown keys and bad values, naming them', () => {
    const file = join(tempDir(), 'config.json');
    writeFileSync(file, JSON.stringify({ port: 5000, concurency: 3 }));
    expect(() => loadConfig({ env: {}, file })).to.throw(ValidationError, "'concurency' not declared");
    expect(() => loadConfig({ env: { TRACT_LOG_FORMAT: 'xml' } })).to.throw(ValidationError, 'log.format');
    expect(() => loadConfig({ env: { TRACT_BACKOFF_MIN: 'soon' } })).to.throw(ValidationError, 'duration');
  });

  it('never shows the API token when described', () => {
    const config = loadConfig({ env: { TRACT_API_TOKEN: 'api-s3cret', TRACT_WATCH_NAMESPACES: 'a, b' } });
    expect(config.apiToken).to.equal('api-s3cret');
    expect(config.watchNamespaces).to.deep.equal(['a', 'b']);
    expect(JSON.stringify(describeConfig(config))).not.to.contain('api-s3cret');
  });

  it('auto log format is pretty on a terminal only', () => {
    expect(resolveLogFormat('auto', true)).to.equal('pretty');
    expect(resolveLogFormat('auto', false)).to.equal('json');
    expect(resolveLogFormat('json', true)).to.equal('json');
  });
});
