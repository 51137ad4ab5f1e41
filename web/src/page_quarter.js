// page_quarter.js - a quarter as the papers lay it out: the contractual
// sentence, the strategic partnership status table by service area, what
// is outside target range and why, the demand table and the finance
// position. Every count links to the indicators behind it.
import { get, maybe } from './api.js';
import { demandChart, varianceChart } from './charts.js';
import { h, link, qlabel, num, money, pct, value, table, statusBadge, STATUSES, REPORTED, CATEGORY, POLARITY } from './util.js';

// The paragraph under "## <heading>" of the report (Markdown).
function section(md, heading) {
  const lines = md.split('\n');
  const start = lines.findIndex((l) => l.trim() === `## ${heading}`);
  if (start < 0) return [];
  const out = [];
  for (let i = start + 1; i < lines.length && !lines[i].startsWith('## '); i++) out.push(lines[i]);
  return out.join('\n').split(/\n\s*\n/).map((p) => p.trim()).filter((p) => p && !p.startsWith('|'));
}

// The report's rule: the six statuses the papers print always, the others
// when any indicator has them.
export function shownStatuses(table) {
  return STATUSES.filter(([k], i) => i < 6 || table.totals.counts[k] > 0);
}

export function statusTable(q, category, t, caption) {
  const cols = shownStatuses(t);
  const cellLink = (n, params, what) => (n > 0
    ? h('a', { href: link({ view: 'indicators', quarter: q, category, ...params }), 'aria-label': `${n} ${what}` }, String(n))
    : '');
  const rows = t.rows.map((r) => ({
    cells: [r.name, ...cols.map(([k, label]) => cellLink(r.counts[k], { service_area: r.service_area, status: k }, `${r.name}: ${label}`))],
  }));
  rows.push({ className: 'total', cells: ['Total', ...cols.map(([k, label]) => cellLink(t.totals.counts[k], { status: k }, `in total: ${label}`))] });
  rows.push({ className: 'pct', cells: ['% of reported', ...cols.map(([k]) => (REPORTED.includes(k) ? pct(t.pct_of_reported[k]) : '-'))] });
  rows.push({ className: 'pct', cells: ['% overall', ...cols.map(([k]) => pct(t.pct_overall[k]))] });
  return table({
    caption,
    className: 'status-table',
    columns: ['Service Area', ...cols.map(([, label]) => label)],
    numeric: cols.map((_, i) => i + 1),
    rows,
  });
}

function contractual(q, t, sentence) {
  const links = STATUSES.filter(([k]) => t.totals.counts[k] > 0).map(([k, label]) =>
    h('li', {}, h('a', { href: link({ view: 'indicators', quarter: q, category: 'contractual', status: k }) },
      `${t.totals.counts[k]} ${label.toLowerCase()}`)));
  return [
    h('p', { class: 'sentence', id: 'contractual-sentence' }, sentence),
    h('p', { class: 'small' }, 'The contractual indicators by status: '),
    h('ul', { class: 'inline-links', 'aria-label': 'Contractual indicators by status' }, links),
  ];
}

export function outsideList(q, items, areas) {
  if (!items.length) return [h('p', {}, 'No indicator is outside its target range this quarter.')];
  return [h('ul', { class: 'outside' }, items.map((r) => h('li', {},
    h('h3', {}, h('a', { href: link({ indicator: r.code, quarter: q, view: null }) }, r.name)),
    h('p', { class: 'meta' }, statusBadge(r.status, r.status_label), ` · ${areas[r.service_area] || r.service_area}, ${CATEGORY[r.category].toLowerCase()}: `,
      h('strong', {}, value(r.value, r.unit)), ` against a target of ${value(r.target, r.unit)} (${POLARITY[r.polarity]}).`),
    r.commentary ? h('p', { class: 'commentary' }, r.commentary) : null)))];
}

export function demandTable(q, range, quarterDemand) {
  const byCode = Object.fromEntries(quarterDemand.items.map((d) => [d.code, d]));
  return table({
    caption: `Demand, ${qlabel(range.quarters[0])} to ${qlabel(range.quarters.at(-1))}`,
    className: 'demand-table',
    columns: ['Demand Measure', ...range.quarters.map(qlabel), 'Change against previous quarter', 'Change against same quarter last year'],
    numeric: range.quarters.map((_, i) => i + 1).concat([range.quarters.length + 1, range.quarters.length + 2]),
    rows: range.items.map((m) => {
      const d = byCode[m.code] || {};
      return [m.name, ...m.values.map((v) => (v.value === null ? '' : num(v.value))),
        pct(d.change_vs_previous_quarter_pct), pct(d.change_vs_same_quarter_last_year_pct)];
    }),
  });
}

export function financeTable(fin) {
  const unit = fin.units === 'gbp_thousands' ? '£000s' : '£';
  // a sub-heading that carries only a variance has no budget or outturn
  const row = (name, l) => [name, money(l.budget?.gross), money(l.budget?.income), money(l.budget?.net),
    money(l.outturn?.gross), money(l.outturn?.income), money(l.outturn?.net),
    money(l.variance.gross), money(l.variance.income), money(l.variance.net), money(l.covid_variance_net)];
  const rows = fin.lines.map((l) => row(l.name, l));
  rows.push({ className: 'total', cells: row('Grand Total', fin.totals) });
  return table({
    caption: `Finance statement (${unit}; a negative variance is an overspend)`,
    className: 'finance-table',
    columns: ['Overall Heading', 'Budget Gross', 'Budget Income', 'Budget Net', 'Outturn Gross', 'Outturn Income', 'Outturn Net',
      'Variance Gross', 'Variance Income', 'Variance Net', 'Covid-19 Variance Net'],
    numeric: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    rows,
  });
}

const k = (v) => `£${Math.abs(v).toLocaleString('en-GB')}k`;
const spend = (v) => (v < 0 ? 'overspend' : v > 0 ? 'underspend' : 'balanced position');

export function financePosition(fin) {
  const p = fin.position;
  const m = /^(\d{4})-(\d{2})$/.exec(fin.as_at || '');
  const month = m ? new Date(Date.UTC(+m[1], +m[2] - 1, 1)).toLocaleString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }) : fin.as_at;
  const money = fin.units === 'gbp_thousands' ? k : (v) => `£${Math.abs(v).toLocaleString('en-GB')}`;
  const covid = fin.totals.covid_variance_net;
  return [
    h('p', { class: 'sentence' }, `The forecast as at ${month} is a total ${spend(p.total_variance_net)} of ${money(p.total_variance_net)}.`,
      covid ? ` Excluding ${money(covid)} due to Covid-19, the operating position is an ${spend(p.operating_variance_net)} of ${money(p.operating_variance_net)}.` : ''),
    fin.key_variances.length
      ? h('div', {}, h('h3', {}, `Key variances (${money(fin.threshold)}+/-)`),
        h('ul', { class: 'variances' }, fin.key_variances.map((v) => h('li', {},
          h('strong', {}, v.name), `: ${money(v.variance_net)} ${v.direction}`,
          v.covid_variance_net ? ` (of which ${money(v.covid_variance_net)} Covid-19)` : ''))))
      : h('p', {}, 'No variance reaches the threshold.'),
    h('p', { class: 'small' }, 'Movement since the previous forecast: the API does not report it yet.'),
  ];
}

export async function quarterPage({ st, info }) {
  const q = st.quarter;
  const as_of = st.as_of;
  const [summary, report, outside, qd, range, fin, areas] = await Promise.all([
    get(`quarters/${q}/summary`, { decimals: 0, as_of }),
    get(`quarters/${q}/report`, { decimals: 0, as_of }, 'text/markdown'),
    get(`quarters/${q}/indicators`, { status: 'outside_target_range', as_of }),
    get(`quarters/${q}/demand`, { decimals: 0, as_of }),
    get('demand', { to: q, as_of }),
    maybe(`quarters/${q}/finance`, { as_of }),
    get('service-areas'),
  ]);
  const areaName = Object.fromEntries(areas.items.map((a) => [a.code, a.name]));
  const c = summary.categories.contractual;
  const s = summary.categories.strategic_partnership;
  const sentence = section(report, 'Contractual indicators')[0] || '';
  const strategicIntro = section(report, 'Strategic partnership indicators')[0] || `Of the ${s.totals.total} strategic partnership indicators:`;
  const title = `Performance challenge: ${qlabel(q)}`;
  return {
    title,
    nodes: [
      h('h1', {}, title),
      h('p', { class: 'lead' }, `${info.label} (${info.starts} to ${info.ends})${info.locked ? `: signed off ${info.locked_at ? info.locked_at.slice(0, 10) : ''}${info.lock_reason ? ` (${info.lock_reason})` : ''}` : ''}.`),
      h('section', { 'aria-labelledby': 'h-contractual' }, h('h2', { id: 'h-contractual' }, 'Contractual indicators'), contractual(q, c, sentence)),
      h('section', { 'aria-labelledby': 'h-strategic' }, h('h2', { id: 'h-strategic' }, 'Strategic partnership indicators'),
        h('p', {}, strategicIntro),
        statusTable(q, 'strategic_partnership', s, `Strategic partnership indicators by service area and status, ${qlabel(q)}`)),
      h('section', { 'aria-labelledby': 'h-outside', class: 'page-break' }, h('h2', { id: 'h-outside' }, 'Indicators outside target range'),
        outsideList(q, outside.items, areaName)),
      h('section', { 'aria-labelledby': 'h-demand' }, h('h2', { id: 'h-demand' }, 'Demand'),
        h('div', { class: 'charts' }, range.items.map((m) => h('figure', { class: 'chart small-chart', 'data-measure': m.code },
          h('figcaption', {}, m.name), demandChart(m, range.quarters)))),
        demandTable(q, range, qd), h('p', {}, h('a', { href: link({ view: 'demand' }) }, 'Demand over two years'))),
      h('section', { 'aria-labelledby': 'h-finance', class: 'page-break' }, h('h2', { id: 'h-finance' }, 'Finance'),
        fin ? [financeTable(fin), financePosition(fin),
          h('figure', { class: 'chart' }, varianceChart(fin.lines, fin.units),
            h('figcaption', {}, 'Net variance by heading: operating part (blue, nearer zero) and Covid-19 part (orange). Bars left of zero are overspends; the figures are in the statement above.')), h('p', {}, h('a', { href: link({ view: 'finance' }) }, 'Finance chart and variances'))]
          : h('p', {}, 'No finance statement has been received for this quarter.')),
    ],
  };
}
