// page_indicator.js - one indicator (its history as a chart and a table,
// direction of travel, streak, benchmarks, commentary and definition) and
// the list of indicators behind a cell of the status table.
import { get, maybe } from './api.js';
import { h, link, qlabel, value, num, table, statusBadge, statusLabel, CATEGORY, POLARITY, DIRECTION } from './util.js';
import { historyChart, legend } from './charts.js';

export async function indicatorPage({ st }) {
  const code = st.indicator;
  const q = st.quarter;
  const ind = await get(`indicators/${encodeURIComponent(code)}`);
  const from = ind.active_from && ind.active_from < q ? ind.active_from : q;
  const [hist, list, areas] = await Promise.all([
    get(`indicators/${encodeURIComponent(code)}/history`, { from, to: q }),
    get(`quarters/${q}/indicators`, { category: ind.category, service_area: ind.service_area, as_of: st.as_of }),
    get('service-areas'),
  ]);
  const area = (areas.items.find((a) => a.code === ind.service_area) || {}).name || ind.service_area;
  const r = list.items.find((i) => i.code === code);
  const items = hist.items;
  const title = ind.name;
  const bm = r && r.benchmarks;
  const bmRows = bm ? [
    ['National', bm.national], ['Regional', bm.regional], ['Statistical neighbours', bm.statistical_neighbours],
  ].filter(([, v]) => v !== null && v !== undefined).map(([n, v]) => [n, value(v, ind.unit)]) : [];
  if (bm && bm.regional_rank) bmRows.push(['Regional rank', `${bm.regional_rank} of ${bm.regional_count ?? '?'}`]);
  return {
    title,
    nodes: [
      h('p', { class: 'crumbs' }, h('a', { href: link({ view: null, indicator: null }) }, `${qlabel(q)} quarter`), ' › ',
        h('a', { href: link({ view: 'indicators', indicator: null, category: ind.category, service_area: ind.service_area }) }, `${area}, ${CATEGORY[ind.category].toLowerCase()}`)),
      h('h1', {}, title),
      h('p', { class: 'lead' }, `${code} · ${CATEGORY[ind.category]} · ${area} · ${POLARITY[ind.polarity]}`),
      h('section', { 'aria-labelledby': 'h-now' }, h('h2', { id: 'h-now' }, `${qlabel(q)}`),
        r ? h('dl', { class: 'facts' },
          h('dt', {}, 'Result'), h('dd', { id: 'result-value' }, value(r.value, r.unit)),
          h('dt', {}, 'Target'), h('dd', {}, r.target === null ? 'to be confirmed' : `${value(r.target, r.unit)} (tolerance ${num(r.tolerance)})`),
          h('dt', {}, 'Status'), h('dd', {}, statusBadge(r.status, r.status_label)),
          h('dt', {}, 'Direction of travel'), h('dd', {}, r.direction ? `${DIRECTION[r.direction]}${r.change !== null ? ` (${r.change > 0 ? '+' : ''}${num(r.change)} since the previous quarter)` : ''}` : 'no previous quarter to compare'),
          h('dt', {}, 'Streak'), h('dd', {}, `${r.streak} quarter${r.streak === 1 ? '' : 's'} ${statusLabel(r.status).toLowerCase()}`),
          r.restated ? [h('dt', {}, 'Restated'), h('dd', {}, `first reported as ${value(r.first_reported_value, r.unit)}`)] : null)
          : h('p', {}, 'No result for this quarter.'),
        r && r.commentary ? [h('h3', {}, 'Commentary'), h('p', { class: 'commentary' }, r.commentary)] : null,
        r && r.reason ? h('p', {}, `Reason: ${r.reason}`) : null,
        h('h3', {}, 'Benchmarks'),
        bmRows.length ? [table({ caption: `Benchmarks${bm.period ? ` (${qlabel(bm.period)})` : ''}${bm.source ? `, ${bm.source}` : ''}`, columns: ['Comparator', 'Figure'], rows: bmRows, numeric: [1] })]
          : h('p', {}, ind.benchmarked ? 'No benchmarks were sent for this quarter.' : 'This indicator is not benchmarked.')),
      h('section', { 'aria-labelledby': 'h-history' }, h('h2', { id: 'h-history' }, 'History'),
        h('figure', { class: 'chart', id: 'history-chart' }, historyChart(ind, items),
          h('figcaption', {}, `${ind.name}: value by quarter against the target (dashed line) and tolerance band (shaded).`,
            legend([['better', '▲', 'Better than target'], ['within', '◆', 'Within target range'], ['outside', '✕', 'Outside target range'], ['other', '○', 'other status']]))),
        table({
          caption: `${ind.name} by quarter`,
          className: 'history-table',
          columns: ['Quarter', 'Value', 'Target', 'Tolerance', 'Status', 'Change', 'Direction', 'Streak'],
          numeric: [1, 2, 3, 5, 7],
          rows: items.map((d) => [qlabel(d.quarter), value(d.value, ind.unit), d.target === null ? '' : value(d.target, ind.unit), d.tolerance === null ? '' : num(d.tolerance),
            statusBadge(d.status, d.status_label), d.change === null ? '' : num(d.change), d.direction ? DIRECTION[d.direction] : '', String(d.streak)]),
        })),
      h('section', { 'aria-labelledby': 'h-definition' }, h('h2', { id: 'h-definition' }, 'Definition'),
        h('p', {}, ind.description || ''),
        h('dl', { class: 'facts' },
          h('dt', {}, 'Unit'), h('dd', {}, `${ind.unit}, ${ind.decimals} decimal place${ind.decimals === 1 ? '' : 's'}`),
          h('dt', {}, 'Frequency'), h('dd', {}, ind.frequency),
          h('dt', {}, 'Active'), h('dd', {}, `from ${qlabel(ind.active_from)}${ind.active_to ? ` to ${qlabel(ind.active_to)}` : ''}`))),
    ],
  };
}

export async function indicatorsPage({ st }) {
  const q = st.quarter;
  const [list, areas] = await Promise.all([
    get(`quarters/${q}/indicators`, { category: st.category, service_area: st.service_area, status: st.status, as_of: st.as_of }),
    get('service-areas'),
  ]);
  const areaName = Object.fromEntries(areas.items.map((a) => [a.code, a.name]));
  const what = [st.category ? `${CATEGORY[st.category] || st.category} indicators` : 'Indicators',
    st.service_area ? areaName[st.service_area] || st.service_area : null,
    st.status ? statusLabel(st.status) : null].filter(Boolean).join(': ');
  const title = `${what}, ${qlabel(q)}`;
  return {
    title,
    nodes: [
      h('p', { class: 'crumbs' }, h('a', { href: link({ view: null, category: null, service_area: null, status: null }) }, `${qlabel(q)} quarter`)),
      h('h1', {}, title),
      h('p', { class: 'lead' }, `${list.items.length} indicator${list.items.length === 1 ? '' : 's'}.`),
      table({
        caption: title,
        className: 'indicator-list',
        columns: ['Indicator', 'Service area', 'Category', 'Value', 'Target', 'Status', 'Direction', 'Streak'],
        numeric: [3, 4, 7],
        rows: list.items.map((r) => ({ cells: [
          h('a', { href: link({ view: null, indicator: r.code, category: null, service_area: null, status: null }), 'data-code': r.code }, r.name),
          areaName[r.service_area] || r.service_area, CATEGORY[r.category], value(r.value, r.unit),
          r.target === null ? '' : value(r.target, r.unit), statusBadge(r.status, r.status_label),
          r.direction ? DIRECTION[r.direction] : '', String(r.streak)] })),
      }),
    ],
  };
}
