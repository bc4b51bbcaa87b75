// Line and bar charts (st.LineChart, st.BarChart) drawn as inline SVG, no
// chart library. A chart is redrawn whole when its props change, which is
// rare (an unchanged chart gets no op), and when its width changes, so text
// keeps its size in a narrow column instead of being scaled down.

import { h } from './dom.js';

const NS = 'http://www.w3.org/2000/svg';
const HEIGHT = 300;
// Mid-tone hues read on the light and the dark background alike.
const COLORS = ['#1c83e1', '#ff4b4b', '#21a366', '#f0a30a', '#8c62d9', '#00a3b4', '#e0569c', '#8b8f9c'];
// Rough width of a character of axis text (12px): margins are sized from
// label lengths without measuring, which needs the chart on screen.
const CH = 7;
// Above this many points a line has no hover dots: they would cost more
// than they tell.
const MAX_DOTS = 1000;

function svg(tag, attrs = {}, ...kids) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  el.append(...kids);
  return el;
}

// extent returns the smallest and largest of vs; spreading a long array
// into Math.min would overflow the stack.
function extent(vs) {
  let lo = Infinity, hi = -Infinity;
  for (const v of vs) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

function label(tag, s, attrs) {
  const el = svg(tag, attrs);
  el.textContent = s;
  return el;
}

// niceTicks returns round values from at or below lo to at or above hi,
// about n of them, 1, 2 or 5 times a power of ten apart.
function niceTicks(lo, hi, n) {
  if (!(hi > lo)) {
    const d = Math.abs(lo) / 10 || 1;
    lo -= d;
    hi += d;
  }
  const raw = (hi - lo) / n;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = mag * [1, 2, 5, 10].find((m) => m * mag >= raw);
  const start = Math.floor(lo / step) * step;
  const ticks = [];
  for (let i = 0; start + (i - 1) * step < hi; i++) ticks.push(+(start + i * step).toPrecision(12));
  return { ticks, step };
}

const compact = new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 2 });

// numberLabels formats axis numbers with the decimals their step needs,
// compactly (12K, 3.5M) when that tells them apart.
function numberLabels(ticks, step) {
  const d = Math.max(0, Math.min(10, -Math.floor(Math.log10(step))));
  const plain = ticks.map((v) => v.toLocaleString(undefined, { maximumFractionDigits: d }));
  if (Math.max(...ticks.map(Math.abs)) < 1e4) return plain;
  const short = ticks.map((v) => compact.format(v));
  return new Set(short).size === short.length ? short : plain;
}

const showNumber = (v) =>
  Math.abs(v) >= 1e-4 || v === 0 ? v.toLocaleString(undefined, { maximumFractionDigits: 6 }) : String(v);

// Time ticks fall on whole units of the browser's time zone: every k-th
// unit, from the first k that gives at most about n ticks.
const PARTS = 'yMdhms'; // the Date fields, largest first
const SPANS = { y: 365.25e5 * 864, M: 30.4e5 * 864, d: 864e5, h: 36e5, m: 6e4, s: 1e3 };
const STEPS = { s: [1, 5, 15, 30], m: [1, 5, 15, 30], h: [1, 3, 6, 12], d: [1, 2, 7], M: [1, 3, 6], y: [1, 2, 5, 10, 20, 50, 100, 1e3] };
const TIME_FORMATS = {
  y: { year: 'numeric' },
  M: { month: 'short', year: 'numeric' },
  d: { month: 'short', day: 'numeric' },
  h: { hour: '2-digit', minute: '2-digit' },
  m: { hour: '2-digit', minute: '2-digit' },
  s: { hour: '2-digit', minute: '2-digit', second: '2-digit' },
};

const fields = (d) => [d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds()];

function timeTicks(lo, hi, n) {
  let unit = 'y', k = 1e3;
  found: for (const u of 'smhdMy') {
    for (const kk of STEPS[u]) {
      if ((hi - lo) / (SPANS[u] * kk) <= n) { unit = u; k = kk; break found; }
    }
  }
  const i = PARTS.indexOf(unit);
  const f = fields(new Date(lo));
  const base = unit === 'd' ? 1 : 0; // days count from 1
  f[i] = Math.floor((f[i] - base) / k) * k + base;
  for (let j = i + 1; j < 6; j++) f[j] = j === 2 ? 1 : 0;
  const ticks = [];
  for (let t = new Date(...f).getTime(); t <= hi && ticks.length < 50; t = new Date(...f).getTime()) {
    if (t >= lo) ticks.push(t);
    f[i] += k;
  }
  const format = new Intl.DateTimeFormat(undefined, TIME_FORMATS[unit]);
  return { ticks, labels: ticks.map((t) => format.format(t)) };
}

// Times at midnight are days: their hour would only be noise.
const showTime = (t) => {
  const d = new Date(t);
  return d.getHours() || d.getMinutes() || d.getSeconds() ? d.toLocaleString() : d.toLocaleDateString();
};

const clip = (s) => (s.length > 20 ? `${s.slice(0, 19)}…` : s);

// render draws props p into the svg (and the legend) at the given width.
function render(plot, legend, p, width) {
  const series = p.series || [];
  const bar = p.kind === 'bar';
  const x = p.x;
  const rows = Math.max(0, ...series.map((s) => s.values.length), x ? x.values.length : 0);
  // Bars always stand in bands, one per row; a line chart of categories too.
  const banded = bar || x?.type === 'category';
  const xAt = (i) => (!x ? i : x.type === 'time' ? Date.parse(x.values[i] ?? '') : x.values[i]);
  const xText = (i) => {
    if (!x) return String(i);
    const v = xAt(i);
    if (x.type === 'category') return String(x.values[i] ?? '');
    if (v == null || Number.isNaN(v)) return '';
    return x.type === 'time' ? showTime(v) : showNumber(v);
  };

  const names = series.map((s) => s.name).join(', ');
  const noun = bar ? 'categories' : 'points';
  plot.setAttribute('aria-label', `${bar ? 'Bar' : 'Line'} chart of ${names || 'nothing'}${x ? ` by ${x.name}` : ''}, ${rows} ${noun}`);
  plot.setAttribute('viewBox', `0 0 ${width} ${HEIGHT}`);

  legend.replaceChildren(...(series.length > 1 ? series.map((s, j) => {
    const swatch = h('span', { class: 'chart-swatch' });
    swatch.style.background = COLORS[j % COLORS.length];
    return h('span', { class: 'chart-key' }, swatch, s.name);
  }) : []));
  legend.hidden = series.length < 2;

  const values = series.flatMap((s) => s.values.filter((v) => v != null));
  if (!rows || !values.length) {
    plot.replaceChildren(label('text', 'No data', { x: width / 2, y: HEIGHT / 2, 'text-anchor': 'middle', class: 'chart-empty' }));
    return;
  }

  // Margins: room for the y labels on the left, a y title over a single
  // series, the x labels and title below.
  const top = series.length === 1 ? 24 : 10;
  const bottom = x ? 44 : 26;
  const [vMin, vMax] = extent(values);
  const yTicks = niceTicks(bar ? Math.min(0, vMin) : vMin, bar ? Math.max(0, vMax) : vMax, Math.max(2, Math.round((HEIGHT - top - bottom) / 50)));
  const yLabels = numberLabels(yTicks.ticks, yTicks.step);
  const left = extent(yLabels.map((s) => s.length))[1] * CH + 14;
  const right = 16;
  const plotW = Math.max(10, width - left - right);
  const y0 = yTicks.ticks[0], y1 = yTicks.ticks.at(-1);
  const yPos = (v) => HEIGHT - bottom - ((v - y0) / (y1 - y0)) * (HEIGHT - top - bottom);

  const grid = svg('g', { class: 'chart-grid' });
  const axes = svg('g', { class: 'chart-axis' });
  yTicks.ticks.forEach((v, k) => {
    const yy = yPos(v);
    grid.append(svg('line', { x1: left, x2: width - right, y1: yy, y2: yy }));
    axes.append(label('text', yLabels[k], { x: left - 8, y: yy, 'text-anchor': 'end', 'dominant-baseline': 'middle' }));
  });
  if (series.length === 1) axes.append(label('text', clip(series[0].name), { x: 0, y: 12, class: 'chart-title' }));
  if (x) axes.append(label('text', clip(x.name), { x: left + plotW / 2, y: HEIGHT - 6, 'text-anchor': 'middle', class: 'chart-title' }));
  const tickY = HEIGHT - bottom + 16;

  // xPos places row i; order is the rows a line joins, left to right.
  let xPos, order;
  const band = plotW / rows;
  if (banded) {
    xPos = (i) => left + (i + 0.5) * band;
    order = [...Array(rows).keys()];
    const texts = order.map((i) => clip(xText(i)));
    const every = Math.ceil((extent(texts.map((s) => s.length))[1] * CH + 8) / band);
    texts.forEach((s, i) => {
      if (i % every === 0) axes.append(label('text', s, { x: xPos(i), y: tickY, 'text-anchor': 'middle' }));
    });
  } else {
    order = [...Array(rows).keys()].filter((i) => Number.isFinite(xAt(i))).sort((a, b) => xAt(a) - xAt(b));
    let lo = order.length ? xAt(order[0]) : 0, hi = order.length ? xAt(order.at(-1)) : 1;
    if (!(hi > lo)) { lo -= 1; hi += 1; }
    xPos = (i) => left + ((xAt(i) - lo) / (hi - lo)) * plotW;
    const n = Math.max(2, Math.min(8, Math.floor(plotW / 90)));
    let ticks, texts;
    if (x?.type === 'time') ({ ticks, labels: texts } = timeTicks(lo, hi, n));
    else {
      const t = niceTicks(lo, hi, n);
      ticks = t.ticks.filter((v) => v >= lo && v <= hi);
      texts = numberLabels(ticks, t.step);
    }
    ticks.forEach((v, k) => {
      axes.append(label('text', texts[k], { x: left + ((v - lo) / (hi - lo)) * plotW, y: tickY, 'text-anchor': 'middle' }));
    });
  }
  grid.append(svg('line', { class: 'chart-base', x1: left, x2: width - right, y1: yPos(bar ? 0 : y0), y2: yPos(bar ? 0 : y0) }));

  const marks = svg('g');
  series.forEach((s, j) => {
    const color = COLORS[j % COLORS.length];
    const g = svg('g', { class: 'chart-series', fill: color });
    const tip = (i, v) => `${xText(i)}\n${s.name}: ${showNumber(v)}`;
    if (bar) {
      const w = (band * 0.8) / series.length;
      s.values.forEach((v, i) => {
        if (v == null) return;
        const a = yPos(Math.max(0, v)), b = yPos(Math.min(0, v));
        g.append(svg('rect', { class: 'chart-bar', x: left + i * band + band * 0.1 + j * w, y: a, width: Math.max(1, w - 1), height: Math.max(0.5, b - a) },
          label('title', tip(i, v))));
      });
    } else {
      // A null breaks the line: the next point starts a new segment. The
      // dots carry the tooltips; a point alone between gaps always has
      // one, as no line shows it.
      const path = svg('path', { class: 'chart-line', fill: 'none', stroke: color });
      g.append(path);
      let d = '', run = [];
      const flush = () => {
        if (run.length === 1 || order.length <= MAX_DOTS) {
          for (const [px, py, i] of run) {
            g.append(svg('circle', { class: run.length === 1 ? 'chart-point alone' : 'chart-point', cx: px, cy: py, r: 3 },
              label('title', tip(i, s.values[i]))));
          }
        }
        run = [];
      };
      for (const i of order) {
        const v = s.values[i];
        if (v == null) { flush(); continue; }
        const px = xPos(i).toFixed(1), py = yPos(v).toFixed(1);
        d += `${run.length ? 'L' : 'M'}${px},${py}`;
        run.push([px, py, i]);
      }
      flush();
      path.setAttribute('d', d);
      if (order.length <= 40) g.classList.add('dots');
    }
    marks.append(g);
  });
  plot.replaceChildren(grid, axes, marks);
}

function chart() {
  const legend = h('div', { class: 'chart-legend' });
  const plot = svg('svg', { role: 'img' });
  const el = h('div', { class: 'chart' }, legend, plot);
  let props = null, drawn = 0;
  // Before the chart is on the page it has no width: draw at a guess, and
  // again once its real width is known. A hidden chart (in another tab) has
  // none either and keeps its drawing until it shows.
  const draw = () => {
    drawn = el.clientWidth || drawn || 640;
    render(plot, legend, props, drawn);
  };
  new ResizeObserver(() => {
    if (props && el.clientWidth && el.clientWidth !== drawn) draw();
  }).observe(el);
  return { el, update(p) { props = p; draw(); } };
}

export default { chart };
