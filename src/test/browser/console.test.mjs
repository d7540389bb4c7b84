// The console in a real browser: Debian's Chromium, headless, driven by playwright-core (no browser
// download). Run by ConsoleBrowserTest against a service it started:
//   GOX_URL=http://localhost:8081 [GOX_TOKEN=...] [GOX_SCREENSHOT=doc/console.png] node console.test.mjs
// Scenario: the page loads and goes live; a queue created and a worker joining through the API show
// on the page within 2 s, without a reload; the worker's grants reach the timeline; a drain from the
// page moves the worker's partitions to another.
import { chromium } from 'playwright-core';
import { randomUUID } from 'node:crypto';

const base = process.env.GOX_URL || 'http://localhost:8080';
const token = process.env.GOX_TOKEN || '';
const screenshot = process.env.GOX_SCREENSHOT || '';
const domain = 'console-' + randomUUID().slice(0, 8);
const PUSH_WITHIN_MS = 2000;

const auth = token ? { Authorization: 'Bearer ' + token } : {};
async function call(method, path, body) {
  const res = await fetch(base + '/api/v1/domains/' + domain + path, {
    method,
    headers: { 'Content-Type': 'application/json', ...auth },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(method + ' ' + path + ': ' + res.status + ' ' + (await res.text()));
  return res.json();
}

/** A worker that heartbeats every second and acknowledges what it was told, until stopped. */
function worker(queues) {
  const id = randomUUID();
  let acked = 0;
  const beat = async () => {
    const r = await call('POST', '/workers/' + id + '/heartbeat', { queues, ackedVersion: acked });
    acked = r.assignmentVersion;
  };
  const timer = setInterval(() => beat().catch((e) => console.error(e.message)), 1000);
  return { id, beat, stop: () => clearInterval(timer) };
}

async function within(ms, what, wait) {
  const started = Date.now();
  await wait(ms);
  const took = Date.now() - started;
  console.log(what + ' shown after ' + took + ' ms');
}

const browser = await chromium.launch({
  executablePath: process.env.GOX_CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const workers = [];
let failed = false;
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('console', (m) => m.type() === 'error' && console.error('page: ' + m.text()));
  await page.addInitScript((t) => sessionStorage.setItem('gox.token', t), token);
  await page.goto(base + '/console/?domain=' + domain);
  await page.waitForSelector('#status.live', { timeout: 15000 });
  console.log('console live for domain ' + domain);

  // A queue created through the API appears without a reload.
  await call('PUT', '/queues/orders', { partitions: 12 });
  await within(PUSH_WITHIN_MS, 'queue', (ms) => page.waitForSelector('.queue[data-queue="orders"]', { timeout: ms }));

  // A worker joining appears too, and its grants reach the grid and the timeline.
  const w = worker(['orders']);
  workers.push(w);
  await w.beat();
  await within(PUSH_WITHIN_MS, 'worker', (ms) => page.waitForSelector('tr[data-worker="' + w.id + '"]', { timeout: ms }));
  await page.waitForSelector('#moves li', { timeout: 10000 });
  await page.waitForFunction(() => document.querySelectorAll('.queue[data-queue="orders"] .cell.ASSIGNED').length === 12,
    null, { timeout: 10000 });
  console.log('grants shown in the grid and the timeline');

  if (screenshot) {
    await call('PUT', '/queues/invoices', { partitions: 24 });
    for (let i = 0; i < 2; i++) {
      const more = worker(['orders', 'invoices']);
      workers.push(more);
      await more.beat();
    }
    await page.waitForFunction(() => document.querySelectorAll('#worker-rows tr[data-worker]').length === 3, null, { timeout: 10000 });
    // Settled: the newcomers got their share (a handoff in the timeline) and nothing is being released.
    await page.waitForFunction(() => document.querySelector('#moves .reason.join, #moves .reason.rebalance')
      && !document.querySelector('.grid .cell.RELEASING') && !document.querySelector('#moves li.fresh'), null, { timeout: 30000 });
    await page.click('.queue[data-queue="orders"] .cell[data-partition="3"]');
    await page.waitForSelector('#explain:not([hidden])', { timeout: 5000 });
    await page.screenshot({ path: screenshot, fullPage: true });
    console.log('screenshot written to ' + screenshot);
  }

  // A drain from the page hands the worker's partitions to the others.
  const other = worker(['orders']);
  workers.push(other);
  await other.beat();
  await page.waitForSelector('tr[data-worker="' + other.id + '"]', { timeout: 10000 });
  await page.click('tr[data-worker="' + w.id + '"] button:has-text("Drain")');
  await page.waitForFunction((id) => {
    const row = document.querySelector('tr[data-worker="' + id + '"]');
    return row && row.children[3].textContent === '0'
      && document.querySelectorAll('.queue[data-queue="orders"] .cell.ASSIGNED').length === 12;
  }, w.id, { timeout: 30000 });
  const drained = await call('GET', '/workers/' + w.id + '/drain');
  if (drained.state !== 'DRAINED') throw new Error('the drained worker is ' + drained.state);
  console.log('drain from the page: worker ' + w.id + ' holds nothing, every partition assigned');
} catch (e) {
  failed = true;
  console.error('FAILED: ' + e.message);
  const page = browser.contexts()[0]?.pages()[0];
  if (page) {
    console.error('page: ' + await page.evaluate(() => JSON.stringify({
      status: document.getElementById('status').textContent,
      releasing: document.querySelectorAll('.grid .cell.RELEASING').length,
      workers: [...document.querySelectorAll('#worker-rows tr')].map((r) => r.textContent),
      reasons: [...document.querySelectorAll('#moves .reason')].map((r) => r.textContent).join(' '),
      fresh: document.querySelectorAll('#moves li.fresh').length,
    })));
  }
} finally {
  workers.forEach((w) => w.stop());
  await browser.close();
}
process.exit(failed ? 1 : 0);
