// charts.js - the dashboard's charts, drawn as SVG by Observable Plot.
// Plot puts a <style> element in each chart; a strict Content-Security-
// Policy (style-src 'self') refuses inline styles, so it is taken out
// before the chart enters the page and its rules live in style.css.
// Every chart is an image with a text alternative; its figures are in a
// real table beside it (the callers put one there).
import * as Plot from '@observablehq/plot';
import { h, qlabel, value, statusLabel } from './util.js';

const COLOUR = {
  better_than_target: '#1b6b2f',
  within_target_range: '#8a5300',
  outside_target_range: '#b3261e',
};
const SYMBOL = {
  better_than_target: 'triangle',
  within_target_range: 'diamond',
  outside_target_range: 'times',
};

function finish(svg, label) {
  for (const s of svg.querySelectorAll('style')) s.remove();
  // the chart is one image (its figures are in the table beside it):
  // labels on its parts would be ARIA on elements that may not have it
  for (const el of svg.querySelectorAll('[aria-label], [aria-description]')) {
    el.removeAttribute('aria-label');
    el.removeAttribute('aria-description');
  }
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  svg.removeAttribute('aria-description');
  return svg;
}

function quarterAxis(quarters) {
  return {
    label: null,
    domain: [-0.5, quarters.length - 0.5],
    ticks: quarters.map((_, i) => i),
    tickFormat: (i) => qlabel(quarters[i]) || '',
    tickRotate: quarters.length > 6 ? -30 : 0,
  };
}

// An indicator's history: its value by quarter against the target and the
// tolerance band, each point marked by its status (shape and colour).
export function historyChart(ind, items, width = 720) {
  const quarters = items.map((d) => d.quarter);
  const rows = items.map((d, i) => {
    const tol = d.tolerance ?? 0;
    const lo = ind.polarity === 'higher_is_better' ? d.target - tol : d.target;
    const hi = ind.polarity === 'higher_is_better' ? d.target : d.target + tol;
    return { ...d, i, lo: d.target == null ? null : lo, hi: d.target == null ? null : hi };
  });
  const points = rows.filter((d) => d.value !== null && d.value !== undefined);
  const targets = rows.filter((d) => d.target !== null && d.target !== undefined);
  const marks = [
    Plot.areaY(targets, { x: 'i', y1: 'lo', y2: 'hi', fill: '#cfe0f1', className: 'band' }),
    Plot.lineY(targets, { x: 'i', y: 'target', stroke: '#26323d', strokeDasharray: '6 4', strokeWidth: 1.5, className: 'target' }),
    Plot.lineY(rows, { x: 'i', y: 'value', stroke: '#1d4f91', strokeWidth: 2.5, className: 'value-line' }),
  ];
  for (const status of Object.keys(SYMBOL)) {
    const mine = points.filter((d) => d.status === status);
    if (!mine.length) continue;
    marks.push(Plot.dot(mine, {
      x: 'i', y: 'value', r: 6, symbol: SYMBOL[status], fill: COLOUR[status], stroke: COLOUR[status], strokeWidth: 2,
      title: (d) => `${qlabel(d.quarter)}: ${value(d.value, ind.unit)} (${statusLabel(d.status)})`,
      className: 'points',
    }));
  }
  const others = points.filter((d) => !SYMBOL[d.status]);
  if (others.length)
    marks.push(Plot.dot(others, {
      x: 'i', y: 'value', r: 5, fill: 'white', stroke: '#26323d', strokeWidth: 2,
      title: (d) => `${qlabel(d.quarter)}: ${value(d.value, ind.unit)} (${statusLabel(d.status)})`,
      className: 'points',
    }));
  const ys = [...points.map((d) => d.value), ...targets.flatMap((d) => [d.lo, d.hi])];
  const unit = ind.unit === 'percent' ? '%' : ind.unit === 'count' ? '' : ` ${ind.unit}`;
  const svg = Plot.plot({
    width, height: 300, marginLeft: 56, marginBottom: 48, marginRight: 24,
    x: quarterAxis(quarters),
    y: { label: ind.unit === 'percent' ? 'Per cent' : ind.unit, grid: true, nice: true, zero: ind.unit === 'percent' && Math.min(...ys) < 20, tickFormat: (v) => `${v}${unit}` },
    marks,
  });
  return finish(svg, `Chart of ${ind.name} by quarter, ${qlabel(quarters[0])} to ${qlabel(quarters.at(-1))}: value against target and tolerance band. The figures are in the table that follows.`);
}

// One demand measure across quarters.
export function demandChart(measure, quarters, width = 340) {
  const rows = measure.values.map((d, i) => ({ ...d, i })).filter((d) => d.value !== null);
  const svg = Plot.plot({
    width, height: 220, marginLeft: 56, marginBottom: 48, marginRight: 16,
    x: quarterAxis(quarters),
    y: { label: null, grid: true, nice: true, tickFormat: (v) => v.toLocaleString('en-GB') },
    marks: [
      Plot.lineY(rows, { x: 'i', y: 'value', stroke: '#1d4f91', strokeWidth: 2.5 }),
      Plot.dot(rows, { x: 'i', y: 'value', r: 4, fill: '#1d4f91', className: 'points',
        title: (d) => `${qlabel(d.quarter)}: ${d.value.toLocaleString('en-GB')}` }),
    ],
  });
  return finish(svg, `Chart of ${measure.name} by quarter, ${qlabel(quarters[0])} to ${qlabel(quarters.at(-1))}. The figures are in the table below the charts.`);
}

// The net variance by heading, split into its Covid-19 and operating parts.
export function varianceChart(lines, units, width = 720) {
  const parts = lines.flatMap((l) => [
    { name: l.name, part: 'Operating', v: l.operating_variance_net ?? l.variance.net },
    { name: l.name, part: 'Covid-19', v: l.covid_variance_net ?? 0 },
  ]);
  const svg = Plot.plot({
    width, height: 36 * lines.length + 70, marginLeft: 250, marginRight: 24, marginBottom: 44,
    x: { label: `Net variance (${units === 'gbp_thousands' ? '£000s' : '£'}; negative is an overspend)`, grid: true, labelAnchor: 'center' },
    y: { label: null, domain: lines.map((l) => l.name), tickFormat: (s) => (s.length > 38 ? `${s.slice(0, 36)}…` : s) },
    color: { domain: ['Operating', 'Covid-19'], range: ['#1d4f91', '#a85a00'] },
    marks: [
      Plot.barX(parts, Plot.stackX({ y: 'name', x: 'v', fill: 'part', className: 'bars',
        title: (d) => `${d.name}, ${d.part}: ${d.v.toLocaleString('en-GB')}` })),
      Plot.ruleX([0], { stroke: '#26323d' }),
    ],
  });
  return finish(svg, 'Bar chart of the net variance by heading, split into its operating and Covid-19 parts. The figures are in the table that follows.');
}

export function legend(items) {
  return h('ul', { class: 'legend' }, items.map(([cls, glyph, text]) =>
    h('li', {}, h('span', { class: `key ${cls}`, 'aria-hidden': 'true' }, glyph), ' ', text)));
}
