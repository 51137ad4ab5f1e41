// page_more.js - demand (a chart per measure), finance (variance by
// heading as a chart, the Covid-19 part, key variances) and the quarter's
// revisions ("as the committee saw it").
import { get, maybe } from './api.js';
import { h, link, qlabel, num, money, table, when } from './util.js';
import { demandChart, varianceChart, legend } from './charts.js';
import { demandTable, financeTable, financePosition } from './page_quarter.js';

function shift(q, n) {
  const [y, , p] = q.split('-');
  let i = Number(y) * 4 + Number(p.slice(1)) - 1 + n;
  const yy = Math.floor(i / 4);
  return `${yy}-${String((yy + 1) % 100).padStart(2, '0')}-Q${(i % 4) + 1}`;
}

export async function demandPage({ st }) {
  const q = st.quarter;
  const [range, qd] = await Promise.all([
    get('demand', { from: shift(q, -8), to: q, as_of: st.as_of }),
    get(`quarters/${q}/demand`, { decimals: 0, as_of: st.as_of }),
  ]);
  const title = `Demand to ${qlabel(q)}`;
  return {
    title,
    nodes: [
      h('h1', {}, title),
      h('p', { class: 'lead' }, `Counts of demand by quarter, ${qlabel(range.quarters[0])} to ${qlabel(q)}, with the changes the papers report.`),
      h('div', { class: 'charts' }, range.items.map((m) => h('figure', { class: 'chart small-chart', 'data-measure': m.code },
        h('figcaption', {}, m.name), demandChart(m, range.quarters)))),
      demandTable(q, range, qd),
    ],
  };
}

export async function financePage({ st }) {
  const q = st.quarter;
  const fin = await maybe(`quarters/${q}/finance`, { as_of: st.as_of });
  const title = `Finance, ${qlabel(q)}`;
  if (!fin) return { title, nodes: [h('h1', {}, title), h('p', {}, 'No finance statement has been received for this quarter.')] };
  const unit = fin.units === 'gbp_thousands' ? '£000s' : '£';
  return {
    title,
    nodes: [
      h('h1', {}, title),
      financePosition(fin),
      h('h2', {}, 'Variance by heading'),
      h('figure', { class: 'chart', id: 'variance-chart' }, varianceChart(fin.lines, fin.units),
        h('figcaption', {}, `Net variance by heading (${unit}): operating part and Covid-19 part. Bars left of zero are overspends.`,
          legend([['operating', '■', 'Operating (blue, nearer zero)'], ['covid', '■', 'Covid-19 (orange, outer)']]))),
      table({
        caption: `Net variance by heading (${unit}; negative is an overspend)`,
        columns: ['Heading', 'Variance Net', 'of which Covid-19', 'of which operating'],
        numeric: [1, 2, 3],
        rows: [...fin.lines.map((l) => [l.name, money(l.variance.net), money(l.covid_variance_net), money(l.operating_variance_net)]),
          { className: 'total', cells: ['Grand Total', money(fin.totals.variance.net), money(fin.totals.covid_variance_net), money(fin.position.operating_variance_net)] }],
      }),
      h('h2', {}, 'The statement'),
      financeTable(fin),
    ],
  };
}

function change(r) {
  const o = r.old || {};
  const n = r.new || {};
  if (r.kind === 'finance') return r.old ? 'finance statement replaced' : 'finance statement received';
  if ('value' in n || 'value' in o) {
    const from = r.old ? num(o.value) || o.availability || '–' : 'none';
    return `${from} → ${num(n.value) || n.availability || '–'}`;
  }
  if (r.kind === 'lock' || r.kind === 'unlock') return n.reason || r.kind;
  return r.old ? 'changed' : 'created';
}

export async function revisionsPage({ st, choices }) {
  const q = st.quarter;
  const revs = await get(`quarters/${q}/revisions`, { limit: 500 });
  const title = `As the committee saw it: ${qlabel(q)}`;
  const last = choices.at(-1);
  return {
    title,
    nodes: [
      h('h1', {}, title),
      h('p', {}, 'Every change to a stored figure is a revision, and any page can be read as the figures stood at a moment (the API\'s ?as_of=). Pick a moment here or in "Figures as they stood" above.'),
      h('h2', {}, 'Read the quarter at'),
      h('ul', { class: 'moments' }, choices.map((c) => h('li', {},
        h('a', { href: link({ view: null, as_of: c.at }) }, c.label), c === last ? ' (the latest figures)' : ''))),
      h('h2', {}, 'Revisions'),
      table({
        caption: `Revisions of ${qlabel(q)}, newest first (${revs.items.length}${revs.next ? ' shown' : ''})`,
        className: 'revisions',
        columns: ['When', 'By', 'What', 'Change', 'Read as it stood'],
        rows: revs.items.map((r) => [when(r.at), r.by || '', r.code ? `${r.kind} ${r.code}` : r.kind, change(r),
          h('a', { href: link({ view: null, as_of: r.at }) }, `after revision ${r.id}`)]),
      }),
    ],
  };
}
