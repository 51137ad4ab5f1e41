// dashboard.test.mjs - the committee dashboard in headless Chromium against
// the real server on the demo data (run by run.sh, which sets SCRUTINY_URL
// and SCRUTINY_SCREENSHOTS). Every page: no console error, no failed
// request, no axe-core WCAG 2.2 AA violation, a screenshot. The quarter's
// status table equals the API's summary cell by cell; a cell leads to its
// indicators; the indicator chart has the history's points; the print
// layout renders to an A4 PDF with the tables; the keyboard reaches every
// link.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';

const BASE = process.env.SCRUTINY_URL;
const OUT = process.env.SCRUTINY_SCREENSHOTS;
assert.ok(BASE && OUT, 'run through run.sh (SCRUTINY_URL, SCRUTINY_SCREENSHOTS)');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const QUARTERS = ['2019-20-Q3', '2020-21-Q1'];
const STATUS_KEYS = ['outside_target_range', 'within_target_range', 'better_than_target', 'not_available',
  'annual_not_due', 'target_tbc', 'suspended', 'not_submitted'];

let browser;
before(async () => {
  browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--font-render-hinting=none'],
  });
});
after(async () => {
  await browser?.close();
});

async function api(path) {
  const r = await fetch(`${BASE}${path}`);
  assert.equal(r.status, 200, path);
  return r.json();
}

// Opens a dashboard address and waits until it has drawn its figures;
// everything that went wrong on the way is in problems.
async function open(path, { width = 1280, height = 900 } = {}) {
  const page = await browser.newPage();
  await page.setViewport({ width, height });
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warn') problems.push(`console ${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  const cdp = await page.createCDPSession();
  await cdp.send('Network.enable');
  let bytes = 0;
  cdp.on('Network.loadingFinished', (e) => { bytes += e.encodedDataLength; });
  await page.goto(`${BASE}${path}`, { waitUntil: 'networkidle0' });
  await page.waitForSelector('main[data-ready]');
  const ready = await page.$eval('main', (m) => m.dataset.ready);
  if (ready !== 'true') problems.push(`page not ready: ${await page.$eval('main', (m) => m.innerText)}`);
  return { page, problems, bytes: () => bytes };
}

async function axe(page) {
  await page.evaluate(axeSource);
  const res = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
  }));
  return res.violations.map((v) => `${v.id} (${v.impact}): ${v.help}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

const PAGES = [
  ['quarter-2020-21-Q1', '/dashboard'],
  ['quarter-2019-20-Q3', '/dashboard?quarter=2019-20-Q3'],
  ['indicator', '/dashboard?indicator=LAC-PROCEEDINGS-26WK&quarter=2020-21-Q1'],
  ['indicators', '/dashboard?view=indicators&quarter=2020-21-Q1&category=strategic_partnership&service_area=child-protection&status=better_than_target'],
  ['demand', '/dashboard?view=demand&quarter=2020-21-Q1'],
  ['finance', '/dashboard?view=finance&quarter=2020-21-Q1'],
  ['revisions', '/dashboard?view=revisions&quarter=2019-20-Q3'],
];

for (const [name, path] of PAGES) {
  test(`${name}: loads cleanly, passes axe (WCAG 2.2 AA), screenshot`, async () => {
    const { page, problems, bytes } = await open(path);
    try {
      await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
      assert.deepEqual(problems, []);
      assert.deepEqual(await axe(page), []);
      if (name === 'quarter-2020-21-Q1') {
        writeFileSync(join(OUT, 'page-weight.txt'), `GET /dashboard (quarter page, 2020-21-Q1): ${bytes()} bytes transferred\n`);
        console.log(`# page weight of the quarter page: ${bytes()} bytes transferred`);
      }
    } finally {
      await page.close();
    }
  });
}

test('as_of: the 2019/20 Q3 quarter as the committee saw it (referrals 949 before the restatement)', async () => {
  const revs = await api('/api/v1/quarters/2019-20-Q3/revisions?kind=demand&code=referrals');
  const restated = revs.items.find((r) => r.old && r.old.value === 949);
  assert.ok(restated, 'the demo restates referrals 949 -> 946');
  const before = new Date(Date.parse(restated.at) - 1).toISOString();
  const { page, problems } = await open(`/dashboard?quarter=2019-20-Q3&as_of=${encodeURIComponent(before)}`);
  try {
    await page.screenshot({ path: join(OUT, 'quarter-2019-20-Q3-as-of.png'), fullPage: true });
    assert.deepEqual(problems, []);
    const row = await page.$$eval('table.demand-table tbody tr', (trs) =>
      trs.map((tr) => [...tr.children].map((c) => c.textContent.trim())).find((r) => r[0] === 'Referrals'));
    assert.ok(row.includes('949'), `referrals as they stood: ${row}`);
    assert.ok(await page.$('.as-of'), 'the page says it shows earlier figures');
    assert.deepEqual(await axe(page), []);
  } finally {
    await page.close();
  }
});

for (const q of QUARTERS) {
  test(`${q}: the status table equals the API's summary cell by cell`, async () => {
    const sum = await api(`/api/v1/quarters/${q}/summary?decimals=0`);
    const t = sum.categories.strategic_partnership;
    const keys = STATUS_KEYS.filter((k, i) => i < 6 || t.totals.counts[k] > 0);
    const cell = (n) => (n ? String(n) : '');
    const pct = (v) => (v === undefined || v === null ? '-' : `${v}%`);
    const expected = [
      ...t.rows.map((r) => [r.name, ...keys.map((k) => cell(r.counts[k]))]),
      ['Total', ...keys.map((k) => cell(t.totals.counts[k]))],
      ['% of reported', ...keys.map((k) => pct(t.pct_of_reported[k]))],
      ['% overall', ...keys.map((k) => pct(t.pct_overall[k]))],
    ];
    const { page, problems } = await open(`/dashboard?quarter=${q}`);
    try {
      assert.deepEqual(problems, []);
      const head = await page.$$eval('table.status-table thead th', (ths) => ths.map((th) => th.textContent.trim()));
      assert.equal(head.length, keys.length + 1);
      const body = await page.$$eval('table.status-table tbody tr', (trs) =>
        trs.map((tr) => [...tr.children].map((c) => c.textContent.trim())));
      assert.deepEqual(body, expected);
      // the contractual sentence is the report's
      const md = await (await fetch(`${BASE}/api/v1/quarters/${q}/report?decimals=0`)).text();
      const sentence = await page.$eval('#contractual-sentence', (p) => p.textContent.trim());
      assert.match(sentence, /^Of the \d+ contractual indicators/);
      assert.ok(md.includes(sentence), sentence);
    } finally {
      await page.close();
    }
  });
}

test('a status-table cell leads to the indicators behind it', async () => {
  const q = '2020-21-Q1';
  const { page, problems } = await open(`/dashboard?quarter=${q}`);
  try {
    const sum = await api(`/api/v1/quarters/${q}/summary?decimals=0`);
    // every non-empty cell is a link to its own filter
    const links = await page.$$eval('table.status-table tbody a', (as) => as.map((a) => [a.textContent.trim(), a.getAttribute('href')]));
    const total = sum.categories.strategic_partnership.rows.reduce((n, r) => n + Object.values(r.counts).filter((c) => c > 0).length, 0);
    const totals = Object.values(sum.categories.strategic_partnership.totals.counts).filter((c) => c > 0).length;
    assert.equal(links.length, total + totals);
    const target = links.find(([, href]) => href.includes('service_area=child-protection') && href.includes('status=better_than_target'));
    assert.ok(target);
    await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle0' }), page.click(`table.status-table a[href="${target[1]}"]`)]);
    await page.waitForSelector('main[data-ready]');
    const want = await api(`/api/v1/quarters/${q}/indicators?category=strategic_partnership&service_area=child-protection&status=better_than_target`);
    const got = await page.$$eval('table.indicator-list a[data-code]', (as) => as.map((a) => a.dataset.code));
    assert.deepEqual(got, want.items.map((i) => i.code));
    assert.equal(got.length, Number(target[0]));
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test('the indicator chart shows the history points the API returns', async () => {
  const code = 'LAC-PROCEEDINGS-26WK';
  const q = '2020-21-Q1';
  const { page, problems } = await open(`/dashboard?indicator=${code}&quarter=${q}`);
  try {
    assert.deepEqual(problems, []);
    const ind = await api(`/api/v1/indicators/${code}`);
    const hist = await api(`/api/v1/indicators/${code}/history?from=${ind.active_from}&to=${q}`);
    const want = hist.items.filter((d) => d.value !== null).map((d) => `${d.quarter.replace(/^(\d{4})-(\d{2})-Q/, '$1/$2 Q')}: ${d.value}% (${d.status_label})`);
    const got = await page.$$eval('#history-chart svg g.points > *', (els) => els.map((e) => e.querySelector('title').textContent));
    assert.deepEqual(got.sort(), want.sort());
    // and the table behind the chart has every quarter of the history
    const rows = await page.$$eval('table.history-table tbody tr', (trs) => trs.length);
    assert.equal(rows, hist.items.length);
    assert.ok(await page.$('#history-chart svg[role="img"][aria-label]'));
  } finally {
    await page.close();
  }
});

test('print: the quarter lays out on A4 with its tables', async () => {
  const { page, problems } = await open('/dashboard?quarter=2020-21-Q1');
  try {
    assert.deepEqual(problems, []);
    await page.emulateMediaType('print');
    const shown = await page.evaluate(() => ({
      nav: getComputedStyle(document.querySelector('nav')).display,
      controls: getComputedStyle(document.getElementById('controls')).display,
      tables: [...document.querySelectorAll('main table')].filter((t) => t.getClientRects().length > 0).map((t) => t.className),
    }));
    assert.equal(shown.nav, 'none');
    assert.equal(shown.controls, 'none');
    assert.deepEqual(shown.tables, ['status-table', 'demand-table', 'finance-table']);
    const pdf = await page.pdf({ path: join(OUT, 'quarter-2020-21-Q1.pdf'), format: 'A4', printBackground: true, preferCSSPageSize: true });
    const text = Buffer.from(pdf).toString('latin1');
    assert.ok(text.startsWith('%PDF-'));
    const pages = (text.match(/\/Type\s*\/Page[^s]/g) || []).length;
    assert.ok(pages >= 2 && pages <= 6, `${pages} A4 pages`);
    // A4 is 595 x 842 points
    const box = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(text);
    assert.ok(box && Math.round(box[1]) === 595 && Math.abs(box[2] - 842) < 1.5, `page size ${box && box.slice(1)}`);
  } finally {
    await page.close();
  }
});

test('keyboard: Tab reaches every link, with a visible focus', async () => {
  const { page, problems } = await open('/dashboard?quarter=2020-21-Q1');
  try {
    assert.deepEqual(problems, []);
    const links = await page.$$eval('a[href]', (as) => as.length);
    const seen = new Set();
    let noOutline = 0;
    for (let i = 0; i < links + 20; i++) {
      await page.keyboard.press('Tab');
      const info = await page.evaluate(() => {
        const a = document.activeElement;
        if (!a || a === document.body) return null;
        const all = [...document.querySelectorAll('a[href]')];
        const cs = getComputedStyle(a);
        return { link: all.indexOf(a), outline: cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2 };
      });
      if (!info) continue;
      if (info.link >= 0) {
        seen.add(info.link);
        if (!info.outline) noOutline++;
      }
      if (seen.size === links) break;
    }
    assert.equal(seen.size, links, `reached ${seen.size} of ${links} links`);
    assert.equal(noOutline, 0, 'every focused link shows its focus');
    // the skip link is first and goes to the content
    await page.reload({ waitUntil: 'networkidle0' });
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.className), 'skip');
  } finally {
    await page.close();
  }
});

test('zoom to 200 %: the quarter page needs no sideways scrolling of the page', async () => {
  // 200 % zoom on a 1280-pixel window is a 640-pixel layout
  const { page, problems } = await open('/dashboard?quarter=2020-21-Q1', { width: 640, height: 900 });
  try {
    assert.deepEqual(problems, []);
    await page.screenshot({ path: join(OUT, 'quarter-2020-21-Q1-zoom200.png'), fullPage: true });
    const [sw, cw] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    assert.ok(sw <= cw, `page is ${sw}px wide in a ${cw}px window`);
  } finally {
    await page.close();
  }
});

test('--private-read: the page asks for the reader key once and keeps it for the session', async () => {
  const url = process.env.SCRUTINY_PRIVATE_URL;
  const key = process.env.SCRUTINY_READER_KEY;
  assert.ok(url && key, 'run.sh starts a --private-read server');
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const sent = [];
  page.on('request', (r) => { if (r.url().includes('/api/v1/')) sent.push(r.headers().authorization || ''); });
  try {
    await page.goto(`${url}/dashboard?quarter=2020-21-Q1`, { waitUntil: 'networkidle0' });
    await page.waitForSelector('#reader-key');
    assert.deepEqual(await axe(page), []);
    await page.type('#reader-key', key);
    await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle0' }), page.keyboard.press('Enter')]);
    await page.waitForSelector('main[data-ready="true"] table.status-table');
    assert.equal(await page.evaluate(() => sessionStorage.getItem('scrutiny.reader-key')), key);
    assert.equal(await page.evaluate(() => localStorage.length), 0);
    assert.ok(sent.at(-1) === `Bearer ${key}`);
    // another page of the same session needs no typing
    await page.goto(`${url}/dashboard?view=finance&quarter=2020-21-Q1`, { waitUntil: 'networkidle0' });
    await page.waitForSelector('main[data-ready="true"] #variance-chart');
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});
