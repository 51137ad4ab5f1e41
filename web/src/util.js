// util.js - building the page (no HTML strings, so nothing the API says is
// ever parsed as markup), numbers as the papers print them, and links.

// h('a', {href}, 'text', child, ...): an element. Attributes named on* are
// not supported on purpose; 'class' and 'aria-*' are plain attributes.
export function h(tag, attrs, ...children) {
  const ns = tag === 'svg' ? 'http://www.w3.org/2000/svg' : null;
  const el = ns ? document.createElementNS(ns, tag) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

const grouping = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });

export function num(v) {
  return v === null || v === undefined ? '' : grouping.format(v);
}

export function money(v) {
  return v === null || v === undefined ? '' : grouping.format(v);
}

// 95 percent -> "95%", 12 days -> "12 days".
export function value(v, unit) {
  if (v === null || v === undefined) return '–';
  const n = num(v);
  switch (unit) {
    case 'percent': return `${n}%`;
    case 'days': return `${n} days`;
    case 'weeks': return `${n} weeks`;
    default: return n;
  }
}

export function pct(v) {
  return v === null || v === undefined ? '-' : `${num(v)}%`;
}

// "2020-21-Q1" -> "2020/21 Q1", as the papers write it.
export function qlabel(q) {
  const m = /^(\d{4})-(\d{2})-Q([1-4])$/.exec(q || '');
  return m ? `${m[1]}/${m[2]} Q${m[3]}` : q;
}

export const STATUSES = [
  ['outside_target_range', 'Outside target range'],
  ['within_target_range', 'Within target range'],
  ['better_than_target', 'Better than target'],
  ['not_available', 'Not available'],
  ['annual_not_due', 'Annual KPI not yet due'],
  ['target_tbc', 'Target figure to be confirmed'],
  ['suspended', 'Suspended'],
  ['not_submitted', 'Not submitted'],
];
export const REPORTED = ['outside_target_range', 'within_target_range', 'better_than_target'];
export const statusLabel = (k) => (STATUSES.find(([s]) => s === k) || [k, k])[1];

// A glyph beside every status, so that status is never told by colour alone.
export const GLYPH = {
  outside_target_range: '✕',
  within_target_range: '◆',
  better_than_target: '▲',
  not_available: '–',
  annual_not_due: '…',
  target_tbc: '?',
  suspended: '‖',
  not_submitted: '○',
};

export function statusBadge(key, label) {
  return h('span', { class: `status status-${key}` },
    h('span', { class: 'glyph', 'aria-hidden': 'true' }, GLYPH[key] || ''), ' ', label || statusLabel(key));
}

export const CATEGORY = { contractual: 'Contractual', strategic_partnership: 'Strategic partnership' };
export const POLARITY = { higher_is_better: 'higher is better', lower_is_better: 'lower is better' };
export const DIRECTION = { improving: '↑ improving', declining: '↓ declining', unchanged: '→ unchanged' };

// The page's own state, read from its address: every page is bookmarkable.
export function state() {
  const p = new URLSearchParams(location.search);
  const get = (k) => p.get(k) || undefined;
  return {
    view: get('view'),
    quarter: get('quarter'),
    indicator: get('indicator'),
    as_of: get('as_of'),
    category: get('category'),
    service_area: get('service_area'),
    status: get('status'),
  };
}

// A /dashboard address: the quarter and as_of of this page carry over
// unless given (null drops them).
export function link(params, base = state()) {
  const all = { quarter: base.quarter, as_of: base.as_of, ...params };
  const qs = new URLSearchParams();
  for (const k of ['view', 'indicator', 'quarter', 'category', 'service_area', 'status', 'as_of'])
    if (all[k] !== undefined && all[k] !== null && all[k] !== '') qs.set(k, all[k]);
  const s = qs.toString();
  return s ? `/dashboard?${s}` : '/dashboard';
}

export function when(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' }) + ' UTC';
}

// A table with a caption, column headers and (when rowHeader) row headers.
export function table({ caption, columns, rows, className, rowHeader = true, numeric = [] }) {
  return h('div', { class: 'table-wrap' },
    h('table', { class: className || null },
      caption ? h('caption', {}, caption) : null,
      h('thead', {}, h('tr', {}, columns.map((c, i) => h('th', { scope: 'col', class: numeric.includes(i) ? 'num' : null }, c)))),
      h('tbody', {}, rows.map((r) => h('tr', { class: r.className || null },
        (r.cells || r).map((c, i) => (i === 0 && rowHeader
          ? h('th', { scope: 'row' }, c)
          : h('td', { class: numeric.includes(i) ? 'num' : null }, c))))))));
}
