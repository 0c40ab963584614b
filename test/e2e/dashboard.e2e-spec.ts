import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { IsoClient } from '../../tools/harness/iso-client';
import { DEMO } from '../../tools/dev/demo-data';
import { demoAuthorization, named } from './support/iso-fixtures';
import { query } from './support/query';
import { startTestStack, type TestStack } from './support/test-stack';

jest.setTimeout(180_000);

// Debian's Chromium (apt-get install chromium); .ci/run installs it. Playwright never downloads a browser here.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = join(__dirname, '..', 'artifacts');
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`SKIPPED: no Chromium at ${CHROMIUM} (apt-get install chromium); the dashboard browser test needs it (CI installs it).`);

let stack: TestStack;
let browser: Browser;
let page: Page;
let client: IsoClient;

(hasChromium ? describe : describe.skip)('ops dashboard in a real browser (Debian Chromium via playwright-core)', () => {
  beforeAll(async () => {
    stack = await startTestStack();
    client = await IsoClient.connect('127.0.0.1', stack.isoPort);
    // An exception to acknowledge: a stand-in advice for a fiat card the bridge cannot settle.
    await client.request({ mti: '0120', fields: demoAuthorization({ pan: DEMO.fiatCard.pan, amount: '7.77' }).fields });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      // Root in a container: no sandbox; the machine has no outside network, so nothing in the background.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = await (await browser.newContext({ acceptDownloads: true, viewport: { width: 1400, height: 1000 } })).newPage();
  });

  afterAll(async () => {
    client?.close();
    await browser?.close();
    await stack?.teardown();
  });

  it('refuses an unknown key, then signs in with an operator key and shows live counters', async () => {
    await page.goto(`http://127.0.0.1:${stack.httpPort}/dashboard/`);
    await page.fill('#api-key', 'not-a-key');
    await page.click('#login-form button');
    await page.getByText('Key not accepted.').waitFor();
    await page.fill('#api-key', stack.opsKeys.operator);
    await page.click('#login-form button');
    await page.locator('#app').waitFor({ state: 'visible' });
    await page.locator('#live', { hasText: 'live ·' }).waitFor();
    expect(Number(await page.textContent('#c-exceptions'))).toBeGreaterThanOrEqual(1);
  });

  it('a fresh authorization appears on its own (live refresh), with its charts point', async () => {
    const answer = named(await client.request(demoAuthorization({ amount: '12.34' })));
    expect(answer.responseCode).toBe('00');
    const row = page.locator(`#authorizations tr[data-stan="${answer.stan}"]`);
    await row.waitFor({ timeout: 10_000 });
    expect(await row.textContent()).toContain('12.34 USD');
    await page.waitForFunction(`Number(document.getElementById('c-approved').textContent) >= 1`); // evaluated in the page
  });

  it('filters by DE39 and PAN last four, and opens the detail drawer with the payment', async () => {
    const declined = named(await client.request(demoAuthorization({ amount: '3.21', expiry: '2001' })));
    expect(declined.responseCode).toBe('54');
    await page.fill('#filters input[name=de39]', '54');
    await page.click('#filters button[type=submit]');
    const row = page.locator(`#authorizations tr[data-stan="${declined.stan}"]`);
    await row.waitFor();
    await page.waitForFunction(`[...document.querySelectorAll('#authorizations tbody tr')].every((tr) => tr.textContent.includes('54'))`);
    await page.fill('#filters input[name=de39]', '00');
    await page.fill('#filters input[name=last4]', DEMO.cryptoCard.pan.slice(-4));
    await page.click('#filters button[type=submit]');
    await row.waitFor({ state: 'detached' });
    await page.locator('#authorizations tbody tr').first().click();
    const drawer = page.locator('#drawer');
    await drawer.waitFor({ state: 'visible' });
    expect(await drawer.textContent()).toMatch(/Payment attempts.*0x[0-9a-f]{64}/s);
    expect(await drawer.textContent()).not.toContain(DEMO.cryptoCard.pan); // only the last four, ever
    await page.click('#drawer-close');
  });

  it('acknowledges an exception with a comment (audit-logged) and downloads the filtered CSV', async () => {
    const exception = page.locator('#exceptions tbody tr').first();
    await exception.waitFor();
    const id = await exception.getAttribute('data-id');
    await exception.locator('input').fill('stand-in advice settled by hand');
    await exception.locator('button').click();
    await page.locator(`#exceptions tr[data-id="${id}"]`).waitFor({ state: 'detached' });
    const audit = await query(stack.databaseUrl, `SELECT action, comment FROM audit_log WHERE target = $1`, [id]);
    expect(audit).toEqual([{ action: 'ACKNOWLEDGE_EXCEPTION', comment: 'stand-in advice settled by hand' }]);

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-csv')]);
    const csv = readFileSync((await download.path())!, 'utf8');
    const [header, ...lines] = csv
      .trim()
      .split('\r\n')
      .map((l) => l.split(','));
    const de39 = header.indexOf('response_code');
    expect(lines.length).toBeGreaterThan(0);
    expect(new Set(lines.map((l) => l[de39]))).toEqual(new Set(['00'])); // the list's filter applies to the download
    expect(csv).not.toContain(DEMO.cryptoCard.pan);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard.png'), fullPage: true });
  });
});
