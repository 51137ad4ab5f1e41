// main.js - the committee dashboard: a small page-per-address app on the
// public scrutiny API. The address says what is shown (/dashboard?quarter=
// 2020-21-Q1, ?indicator=CODE, ?view=demand|finance|revisions|indicators,
// and ?as_of= for the figures as they stood at a moment), so every page can
// be bookmarked, printed and opened again.
import { get, maybe, ApiError, readerKey, setReaderKey } from './api.js';
import { h, state, link, qlabel, when } from './util.js';
import { quarterPage } from './page_quarter.js';
import { indicatorPage, indicatorsPage } from './page_indicator.js';
import { demandPage, financePage, revisionsPage } from './page_more.js';

const PAGES = [
  ['quarter', 'Quarter'],
  ['indicators', 'Indicators'],
  ['demand', 'Demand'],
  ['finance', 'Finance'],
  ['revisions', 'As the committee saw it'],
];

function nav(st) {
  const current = st.indicator ? 'indicators' : st.view || 'quarter';
  const el = document.getElementById('nav');
  el.replaceChildren(h('ul', {}, PAGES.map(([view, label]) =>
    h('li', {}, h('a', { href: link({ view: view === 'quarter' ? null : view, indicator: null }), 'aria-current': view === current ? 'page' : null }, label)))));
}

// The quarters with figures: those of the demand table up to the latest.
async function quarters() {
  const recent = await get('demand');
  const [y, , q] = recent.to.split('-');
  const from = `${Number(y) - 3}-${String((Number(y) - 2) % 100).padStart(2, '0')}-${q}`;
  const all = await get('demand', { from, to: recent.to });
  return all.quarters.filter((qq, i) => all.items.some((m) => m.values[i] && m.values[i].value !== null));
}

// The moments worth reading a quarter at: just before each batch of its
// revisions (in the demo: as the quarter's return was first loaded, and
// before the later paper's restatement).
async function asOfChoices(quarter) {
  const revs = await get(`quarters/${quarter}/revisions`, { limit: 500 });
  const times = [...new Set(revs.items.map((r) => r.at))].sort();
  return times.map((t) => {
    const batch = revs.items.filter((r) => r.at === t);
    const kinds = [...new Set(batch.map((r) => (r.code ? `${r.kind} ${r.code}` : r.kind)))];
    return { at: t, label: `${when(t)}: after ${batch.length} change${batch.length === 1 ? '' : 's'} (${kinds.slice(0, 3).join(', ')}${kinds.length > 3 ? ', …' : ''})` };
  });
}

function controls(st, qs, choices) {
  const form = h('form', { action: '/dashboard', method: 'get', class: 'picker', 'aria-label': 'Choose the quarter and the date' });
  const keep = { view: st.view, indicator: st.indicator, category: st.category, service_area: st.service_area, status: st.status };
  for (const [k, v] of Object.entries(keep)) if (v) form.append(h('input', { type: 'hidden', name: k, value: v }));
  const qsel = h('select', { id: 'pick-quarter', name: 'quarter' },
    qs.slice().reverse().map((q) => h('option', { value: q, selected: q === st.quarter }, qlabel(q))));
  const asel = h('select', { id: 'pick-as-of', name: 'as_of' },
    h('option', { value: '' }, 'Now: the latest figures'),
    choices.map((c) => h('option', { value: c.at, selected: c.at === st.as_of }, c.label)),
    st.as_of && !choices.some((c) => c.at === st.as_of) ? h('option', { value: st.as_of, selected: true }, when(st.as_of)) : null);
  form.append(
    h('div', { class: 'field' }, h('label', { for: 'pick-quarter' }, 'Quarter'), qsel),
    h('div', { class: 'field' }, h('label', { for: 'pick-as-of' }, 'Figures as they stood'), asel),
    h('button', { type: 'submit' }, 'Show'));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const params = Object.fromEntries([...new FormData(form)].filter(([, v]) => v !== ''));
    // another quarter's page is that quarter's, at the latest figures
    if (params.quarter !== st.quarter) delete params.as_of;
    location.assign(link(params, {}));
  });
  const parts = [form];
  if (readerKey()) {
    const forget = h('button', { type: 'button', class: 'secondary' }, 'Forget the reader key');
    forget.addEventListener('click', () => {
      setReaderKey(null);
      location.reload();
    });
    parts.push(forget);
  }
  document.getElementById('controls').replaceChildren(...parts);
}

function keyForm(main, err) {
  const input = h('input', { id: 'reader-key', name: 'key', type: 'password', autocomplete: 'off', required: true });
  const form = h('form', { class: 'key-form' },
    h('p', {}, 'This server keeps its figures private (--private-read): type a reader key. It is kept for this browser session only (sessionStorage) and sent with each request to the API.'),
    h('div', { class: 'field' }, h('label', { for: 'reader-key' }, 'Reader key'), input),
    h('button', { type: 'submit' }, 'Use this key'));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    setReaderKey(input.value.trim());
    location.reload();
  });
  main.replaceChildren(h('h1', {}, 'A reader key is needed'),
    readerKey() ? h('p', { class: 'error', role: 'alert' }, `The key was refused: ${err.message}`) : null, form);
  input.focus();
}

async function main() {
  const st = state();
  const mainEl = document.getElementById('main');
  nav(st);
  try {
    const qs = await quarters();
    if (!st.quarter) st.quarter = qs.at(-1);
    const choices = await asOfChoices(st.quarter);
    controls(st, qs, choices);
    const info = await get(`quarters/${st.quarter}`);
    const ctx = { st, info, quarters: qs, choices };
    let page;
    if (st.indicator) page = await indicatorPage(ctx);
    else if (st.view === 'indicators') page = await indicatorsPage(ctx);
    else if (st.view === 'demand') page = await demandPage(ctx);
    else if (st.view === 'finance') page = await financePage(ctx);
    else if (st.view === 'revisions') page = await revisionsPage(ctx);
    else page = await quarterPage(ctx);
    const banner = st.as_of
      ? h('p', { class: 'as-of', role: 'note' }, `Figures as they stood at ${when(st.as_of)}. `,
        h('a', { href: link({ as_of: null }) }, 'Show the latest figures'))
      : null;
    document.title = `${page.title} – scrutiny`;
    mainEl.replaceChildren(...[banner, ...page.nodes].flat(Infinity).filter(Boolean));
    mainEl.dataset.ready = 'true';
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      keyForm(mainEl, err);
      mainEl.dataset.ready = 'true';
      return;
    }
    mainEl.replaceChildren(h('h1', {}, 'The figures could not be read'),
      h('p', { class: 'error', role: 'alert' }, String(err.message || err)));
    mainEl.dataset.ready = 'error';
  }
}

main();
