import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { GATEWAY_PUBLISHER_ID } from '@eventline/contracts';
import { EXPLORER_CSP } from '../../../apps/gateway/src/explorer/explorer.setup.js';
import { axeViolations, launchChromium, screenshot } from '../../support/browser.js';
import { eventually } from '../../support/eventually.js';
import { freePort } from '../../support/free-port.js';
import { testApiKey } from '../../support/gateway-app.js';
import { startQueryReplica, type QueryReplica } from '../../support/query-replica.js';
import { TEST_QUERY_SIGNING_SECRET } from '../../support/query-signing.js';
import { databaseUrl, testServers, uniqueNamespace } from '../../support/test-environment.js';
import { deleteTestStreams } from '../../support/test-streams.js';
import { GatewayProcess } from '../client/support/gateway-process.js';
import { IngestorProcess } from '../ingestor/support/ingestor-process.js';

// The session explorer in a real browser (Debian's Chromium driven by playwright-core) against
// the built gateway serving the built page, a built ingestor and a query replica on real NATS
// and the MongoDB-wire server.
const SIGNING_SECRET = randomUUID();
const shop = testApiKey('shop', ['ingest', 'query']);
const mall = testApiKey('mall', ['ingest', 'query']);
const shopWriter = testApiKey('shop', ['ingest']);
// An application of its own for the paging test, so its sessions touch no other test's view.
const kiosk = testApiKey('kiosk', ['ingest', 'query']);
const namespace = uniqueNamespace('explorer');
const { natsUrl, mongoUrl } = testServers();
let gateway: GatewayProcess;
let ingestor: IngestorProcess;
let query: QueryReplica;
let browser: Browser;
const contexts: BrowserContext[] = [];
const SESSION = randomUUID();

// The seeded session's times are counted back from here, so filters can name times between them.
const BASE = Math.floor(Date.now() / 1000) * 1000;

/** An API time `seconds` before `from` (now by default), with microseconds. */
function secondsAgo(seconds: number, micros = 0, from = Math.floor(Date.now() / 1000) * 1000): string {
  const iso = new Date(from - seconds * 1000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${String(micros).padStart(6, '0')}`;
}

async function post(key: string, events: Record<string, unknown>[]): Promise<void> {
  const response = await fetch(`${gateway.url}/v1/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(events),
  });
  expect(response.status).toBe(202);
}

async function storedInSession(): Promise<number> {
  const response = await fetch(`${gateway.url}/v1/sessions/${SESSION}/events?limit=1000`, {
    headers: { authorization: `Bearer ${shop.key}` },
  });
  return response.ok ? ((await response.json()) as { items: unknown[] }).items.length : 0;
}

/** A fresh tab (its own sessionStorage) that fails the test on any CSP violation or page error. */
async function newPage(options: { bypassCSP?: boolean } = {}): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, ...options });
  contexts.push(context);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/status of 40[13]/.test(message.text())) problems.push(message.text());
  });
  return { page, problems };
}

async function signIn(page: Page, key: string): Promise<void> {
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

beforeAll(async () => {
  const database = databaseUrl(mongoUrl, namespace);
  gateway = new GatewayProcess(await freePort(), {
    NATS_URL: natsUrl,
    MONGO_URL: database,
    EVENTLINE_NAMESPACE: namespace,
    API_KEYS: JSON.stringify([shop.entry, mall.entry, shopWriter.entry, kiosk.entry]),
    GATEWAY_SIGNING_SECRET: SIGNING_SECRET,
    QUERY_SIGNING_SECRET: TEST_QUERY_SIGNING_SECRET,
  });
  await gateway.start();
  ingestor = await IngestorProcess.start({
    NATS_URL: natsUrl,
    MONGO_URL: database,
    EVENTLINE_NAMESPACE: namespace,
    INGEST_CATEGORIES: '*',
    PUBLISHER_SECRETS: JSON.stringify({ [GATEWAY_PUBLISHER_ID]: SIGNING_SECRET }),
  });
  query = await startQueryReplica({ natsUrl, mongoUrl: database, namespace });
  browser = await launchChromium();
  // One session of the shop, posted out of time order; and a session of another application.
  await post(shop.key, [
    {
      session_id: SESSION,
      category: 'click',
      name: 'shop',
      data: { element: '#buy' },
      timestamp: secondsAgo(60, 250, BASE),
    },
    {
      session_id: SESSION,
      category: 'party',
      name: 'shop',
      data: { host: 'www.party.com', path: '/' },
      timestamp: secondsAgo(300, 0, BASE),
    },
    {
      session_id: SESSION,
      category: 'page_view',
      name: 'shop',
      data: { url: 'https://www.party.com/cart' },
      timestamp: secondsAgo(120, 0, BASE),
    },
  ]);
  await post(mall.key, [
    {
      session_id: randomUUID(),
      category: 'party',
      name: 'mall',
      data: { host: 'mall.example', path: '/' },
      timestamp: secondsAgo(30, 0, BASE),
    },
  ]);
  await eventually(async () => expect(await storedInSession()).toBe(3), { timeoutMs: 30_000 });
}, 120_000);

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await gateway?.kill();
  ingestor?.kill('SIGTERM');
  await ingestor?.exited;
  await query?.close();
  await deleteTestStreams(natsUrl, namespace);
}, 60_000);

describe('the session explorer (Chromium)', () => {
  it('is served at /explorer/ under a CSP allowing only its own files, and runs under it', async () => {
    const response = await fetch(`${gateway.url}/explorer/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe(EXPLORER_CSP);
    const html = await response.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/https?:\/\//);
    // In the browser, under that policy: the bundle runs (the form is drawn), nothing is refused,
    // and no request leaves the gateway.
    const { page, problems } = await newPage();
    const origins = new Set<string>();
    page.on('request', (request) => origins.add(new URL(request.url()).origin));
    await page.goto(`${gateway.url}/explorer`);
    await page.getByLabel('API key').waitFor();
    expect(page.url()).toBe(`${gateway.url}/explorer/`);
    expect([...origins].filter((origin) => origin !== gateway.url && origin !== 'null')).toEqual([]);
    await screenshot(page, 'sign-in');
    expect(problems).toEqual([]);
  });

  it('refuses a wrong key and a key without scope query, saying which', async () => {
    const { page, problems } = await newPage();
    await page.goto(`${gateway.url}/explorer/`);
    await signIn(page, 'not-a-key');
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/not known/);
    await signIn(page, shopWriter.key);
    await eventually(async () =>
      expect(await page.getByRole('alert').textContent()).toMatch(/lacks the "query" scope/),
    );
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    await screenshot(page, 'wrong-key');
    expect(problems).toEqual([]);
  });

  it('signs in, lists the posted session, and shows its timeline in time order', async () => {
    const { page, problems } = await newPage();
    await page.goto(`${gateway.url}/explorer/`);
    await signIn(page, shop.key);
    const row = page.getByRole('row').filter({ hasText: SESSION });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/shop\s*3/);
    // Only the key's application: the mall's session is not listed.
    expect(await page.getByRole('cell', { name: 'mall' }).count()).toBe(0);
    // The key is in this tab's sessionStorage only, never in the URL.
    expect(page.url()).not.toContain(shop.key);
    expect(await page.evaluate(() => Object.values(sessionStorage))).toEqual([shop.key]);
    await screenshot(page, 'sessions');
    await page.getByRole('link', { name: SESSION }).click();
    await page.getByRole('heading', { name: new RegExp(SESSION) }).waitFor();
    await page.locator('.event').nth(2).waitFor();
    const badges = await page.locator('.event .badge').allTextContents();
    expect(badges).toEqual(['party', 'page_view', 'click']);
    expect(await page.locator('.event .gap').allTextContents()).toEqual(['+3 min 0 s', '+1 min 0 s']);
    expect(await page.locator('.event .utc').last().textContent()).toMatch(/\.000250 UTC$/);
    expect(await page.locator('.event pre').first().textContent()).toContain('"host": "www.party.com"');
    expect(page.url()).toContain(`#/session/${SESSION}`);
    await screenshot(page, 'timeline');
    expect(problems).toEqual([]);
  });

  it('lists sessions newest last activity first, page after page', async () => {
    // Five sessions whose id order is the reverse of their recency, so an id-ordered list would
    // start with the oldest. The newest also holds the oldest event: last activity decides.
    const ids = Array.from({ length: 5 }, () => randomUUID()).sort((a, b) => b.localeCompare(a));
    const party = { category: 'party', name: 'kiosk', data: { host: 'kiosk.example', path: '/' } };
    await post(kiosk.key, [
      ...ids.map((session_id, i) => ({
        ...party,
        session_id,
        timestamp: secondsAgo(100 * (i + 1), 0, BASE),
      })),
      { ...party, session_id: ids[0], timestamp: secondsAgo(1000, 0, BASE) },
    ]);
    await eventually(
      async () => {
        const response = await fetch(`${gateway.url}/v1/sessions?order=recent`, {
          headers: { authorization: `Bearer ${kiosk.key}` },
        });
        expect(((await response.json()) as { items: unknown[] }).items).toHaveLength(5);
      },
      { timeoutMs: 30_000 },
    );

    const { page, problems } = await newPage();
    // Every page the sessions view reads (page size 2; signing in reads one session), in order:
    // what the API answered for each.
    const pages: { order: string | null; sessions: string[] }[] = [];
    page.on('response', async (response) => {
      const url = new URL(response.url());
      if (url.pathname !== '/v1/sessions' || url.searchParams.get('limit') !== '2') return;
      const body = (await response.json()) as { items: { session_id: string }[] };
      pages.push({ order: url.searchParams.get('order'), sessions: body.items.map((s) => s.session_id) });
    });
    await page.goto(`${gateway.url}/explorer/#/sessions?limit=2`);
    await signIn(page, kiosk.key);
    // "Load more" comes into view and reads on until the last page.
    await eventually(async () => expect(await page.locator('tbody tr').count()).toBe(5));
    await eventually(async () => expect(pages).toHaveLength(3));
    expect(pages.map((p) => p.order)).toEqual(['recent', 'recent', 'recent']);
    expect(pages.map((p) => p.sessions)).toEqual([ids.slice(0, 2), ids.slice(2, 4), ids.slice(4)]);
    const rows = await page.locator('tbody tr td:first-child').allTextContents();
    expect(rows).toEqual(ids);
    expect(await page.getByRole('row').filter({ hasText: ids[0] }).textContent()).toMatch(/kiosk\s*2/);
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);
    await screenshot(page, 'sessions-recent');
    expect(problems).toEqual([]);
  });

  it('narrows events by category and time range, and a deep link opens the same view', async () => {
    const { page, problems } = await newPage();
    await page.goto(`${gateway.url}/explorer/#/events`);
    await signIn(page, shop.key);
    await page.locator('.event').nth(2).waitFor();
    await page.getByLabel('Category').selectOption('click');
    await page.getByRole('button', { name: 'Apply' }).click();
    await eventually(async () =>
      expect(await page.locator('.event .badge').allTextContents()).toEqual(['click']),
    );
    expect(page.url()).toContain('category=click');
    // A range ending (exclusive) between the page view and the click leaves the click out.
    await page.getByLabel('Category').selectOption('');
    await page.getByLabel('To (exclusive, local time)').fill(localInput(BASE - 90_000));
    await page.getByRole('button', { name: 'Apply' }).click();
    await eventually(async () =>
      expect(await page.locator('.event .badge').allTextContents()).toEqual(['party', 'page_view']),
    );
    const link = page.url();
    await screenshot(page, 'filters');

    // The same URL in a new tab: sign in, and the same filtered view is back.
    const other = await newPage();
    await other.page.goto(link);
    await signIn(other.page, shop.key);
    await eventually(async () =>
      expect(await other.page.locator('.event .badge').allTextContents()).toEqual(['party', 'page_view']),
    );
    expect(await other.page.getByLabel('Category').inputValue()).toBe('');
    expect(problems.concat(other.problems)).toEqual([]);
  });

  it('shows an event posted while the live view is open, and holds it while paused', async () => {
    const { page, problems } = await newPage();
    await page.goto(`${gateway.url}/explorer/#/live`);
    await signIn(page, shop.key);
    await page.getByRole('status').filter({ hasText: 'live' }).waitFor();
    const live = { session_id: SESSION, category: 'click', name: 'shop', data: { element: '#live' } };
    await post(shop.key, [{ ...live, timestamp: secondsAgo(0) }]);
    await page.locator('.event pre', { hasText: '#live' }).waitFor({ timeout: 5000 });
    await page.getByRole('button', { name: 'Pause' }).click();
    await post(shop.key, [{ ...live, data: { element: '#paused' }, timestamp: secondsAgo(0) }]);
    await page.getByRole('button', { name: 'Resume (1 new)' }).waitFor({ timeout: 5000 });
    expect(await page.locator('.event pre', { hasText: '#paused' }).count()).toBe(0);
    await page.getByRole('button', { name: /Resume/ }).click();
    await page.locator('.event pre', { hasText: '#paused' }).waitFor();
    // The chart counts the last hour: the click read back and the two that came live.
    await eventually(async () =>
      expect(await page.locator('.chart [role=img]').getAttribute('aria-label')).toMatch(
        /click 3, page_view 1, party 1/,
      ),
    );
    await screenshot(page, 'live');
    expect(problems).toEqual([]);
  });

  it('has no serious or critical accessibility violations (axe-core)', async () => {
    const { page } = await newPage({ bypassCSP: true });
    const report: Record<string, unknown> = {};
    await page.goto(`${gateway.url}/explorer/`);
    report.signIn = serious(await axeViolations(page));
    await signIn(page, shop.key);
    await page.getByRole('row').filter({ hasText: SESSION }).waitFor();
    report.sessions = serious(await axeViolations(page));
    await page.goto(`${gateway.url}/explorer/#/session/${SESSION}`);
    await page.locator('.event').nth(2).waitFor();
    report.timeline = serious(await axeViolations(page));
    await page.goto(`${gateway.url}/explorer/#/live`);
    await page.locator('.chart canvas').waitFor();
    report.live = serious(await axeViolations(page));
    await screenshot(page, 'accessibility');
    expect(report).toEqual({ signIn: [], sessions: [], timeline: [], live: [] });
  });

  it('stays readable in a narrow window', async () => {
    const { page } = await newPage();
    await page.setViewportSize({ width: 380, height: 800 });
    await page.goto(`${gateway.url}/explorer/#/session/${SESSION}`);
    await signIn(page, shop.key);
    await page.locator('.event').nth(2).waitFor();
    // Nothing wider than the window: no sideways scrolling of the page.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(380);
    await screenshot(page, 'narrow');
  });
});

function serious(violations: Awaited<ReturnType<typeof axeViolations>>): string[] {
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/** A `datetime-local` value in the browser's zone (the test and the browser share the machine's). */
function localInput(millis: number): string {
  const date = new Date(millis - new Date(millis).getTimezoneOffset() * 60_000);
  return date.toISOString().slice(0, 19);
}
