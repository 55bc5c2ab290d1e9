/**
 * The status page in real headless Chromium (Debian's package, driven by playwright-core; no browser is
 * downloaded): it shows the repos, then a sync changes its counts, failed records and lag without a
 * reload, through the server-sent events of `GET /events`. A screenshot goes to test-artifacts/.
 */
import { expect } from 'chai';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';
import { removeTempDirs, tempDir } from '../../support/git-fixtures.ts';
import { pushWorklogs, startControllerProcess, syncAndSettle } from '../metrics/controller-process.ts';
import type { ControllerProcess } from '../metrics/controller-process.ts';

const ARTIFACTS = fileURLToPath(new URL('../../../test-artifacts/', import.meta.url));
const GOOD = '0199a000-0000-7000-8000-0000000002a1';
const BAD = '0199a000-0000-7000-8000-0000000002a2';

describe('status page: live in headless Chromium', function () {
  this.timeout(120_000);
  let controller: ControllerProcess;
  let context: BrowserContext;
  let page: Page;

  before(async () => {
    controller = await startControllerProcess();
    context = await chromium.launchPersistentContext(tempDir('tract-chromium-profile-'), {
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await context.newPage();
  });
  after(async () => {
    await context?.close();
    await controller?.close();
    removeTempDirs();
  });

  it('renders every repo with its Ready state, server-side, and goes live', async () => {
    const response = await page.goto(`${controller.url}/`);
    expect(response?.status()).to.equal(200);
    expect(await page.locator('tr[data-repo="default/app"]').count()).to.equal(1);
    await page.waitForFunction("document.getElementById('live')?.textContent === 'live'", undefined, { timeout: 60_000 });
    await page.waitForFunction(`document.querySelector('tr[data-repo="default/app"] [data-field="ready"]')?.textContent === 'True'`, undefined, { timeout: 60_000 });
  });

  it('a sync changes the counts, lists the failed record with its error and shows the lag, without a reload', async () => {
    await page.evaluate('window.marker = 42');
    expect(await page.textContent('[data-total="failed"]')).to.equal('0');
    await pushWorklogs(controller.dev, [{ id: GOOD, issue: 'APP-5' }, { id: BAD, issue: 'APP-9999' }]);
    expect(await syncAndSettle(controller.url, 'default/app', BAD)).to.equal('failed');
    expect(await syncAndSettle(controller.url, 'default/app', GOOD)).to.equal('synced');
    await page.waitForFunction(`document.querySelector('[data-total="failed"]')?.textContent === '1'`, undefined, { timeout: 60_000 });
    const error = page.locator(`tr[data-worklog="${BAD}"]`);
    expect(await error.textContent()).to.include('APP-9999').and.include('not found');
    expect(await page.locator('tr[data-lag="to_jira"]').count()).to.equal(1);
    expect(await page.textContent('tr[data-repo="default/app"] [data-field="failed"]')).to.equal('1');
    expect(await page.evaluate('window.marker')).to.equal(42);
    mkdirSync(ARTIFACTS, { recursive: true });
    const file = join(ARTIFACTS, 'status-page.png');
    await page.screenshot({ path: file, fullPage: true });
    expect(statSync(file).size).to.be.greaterThan(10_000);
  });

  it('GET /events is a server-sent event stream that starts with the current status', async () => {
    const abort = new AbortController();
    const response = await fetch(`${controller.url}/events`, { signal: abort.signal });
    expect(response.headers.get('content-type')).to.match(/^text\/event-stream/);
    const reader = response.body!.getReader();
    let text = '';
    while (!/event: status\n[\s\S]*?\n\n/.test(text)) text += new TextDecoder().decode((await reader.read()).value);
    abort.abort();
    expect(text).to.match(/^retry: \d+\n\n/).and.include('event: status\ndata: ');
    expect(text).to.include('data-repo="default/app"');
  });

  it('the controller still exits with a page open (streams end on shutdown)', async () => {
    // An event stream left open would keep the process alive: stop() would never see it exit.
    expect(await controller.stop()).to.equal(0);
  });
});
