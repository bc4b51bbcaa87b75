// Line, area, bar and scatter charts (st.LineChart, st.AreaChart,
// st.BarChart, st.ScatterChart) drawn as inline SVG, no chart library. A
// chart is redrawn whole when its props change, which is rare (an unchanged
// chart gets no op), when its width changes, so text keeps its size in a
// narrow column, and when a series is hidden or shown from the legend. The
// server sends at most a few thousand points a series (it downsamples), so
// a redraw is cheap. Colours are CSS custom properties (style.css), so the
// charts follow the light or dark theme.

import { h } from './dom.js';
import { extent, niceTicks, numberLabels, showNumber, timeTicks, showTime, clip } from './chartaxes.js';

const NS = 'http://www.w3.org/2000/svg';
const HEIGHT = 300;
const PALETTE = 8; // --chart-1 … --chart-8 in style.css
// Rough width of a character of axis text (12px): margins are sized from
// label lengths without measuring, which needs the chart on screen.
const CH = 7;
// Up to this many points a line shows its points as dots.
const MAX_DOTS = 40;
const KINDS = { line: 'Line', area: 'Area', bar: 'Bar', scatter: 'Scatter' };

function svg(tag, attrs = {}, ...kids) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  el.append(...kids);
  return el;
}

function label(tag, s, attrs) {
  const el = svg(tag, attrs);
  el.textContent = s;
  return el;
}

const colorOf = (s, j) => s.color || `var(--chart-${(j % PALETTE) + 1})`;

// points lists series s as [i, v, size]: i indexes x's values (or is the
// row number), v is null in a gap.
function points(s) {
  return s.values.map((v, k) => [s.rows ? s.rows[k] : k, v, s.sizes?.[k]]);
}

// scales works out where everything goes: the x of a row, the y of a value,
// the ticks, the margins. Only the series shown count.
function scales(p, shown, width) {
  const x = p.x;
  const bar = p.kind === 'bar';
  let rows = x ? x.values.length : 0;
  if (!x) for (const s of p.series) rows = Math.max(rows, s.rows ? extent(s.rows)[1] + 1 : s.values.length);
  const banded = bar || x?.type === 'category';
  const xAt = (i) => (!x ? i : x.type === 'time' ? Date.parse(x.values[i] ?? '') : x.values[i]);
  const xText = (i) => {
    if (!x) return String(i);
    if (x.type === 'category') return String(x.values[i] ?? '');
    const v = xAt(i);
    if (v == null || Number.isNaN(v)) return '';
    return x.type === 'time' ? showTime(v) : showNumber(v);
  };

  // keyOf says which points stand at the same x: the same row in bands,
  // the same x value otherwise, so that series of long data (a row per
  // point and series) stack and line up under the pointer.
  const keyOf = (i) => (banded ? i : xAt(i));

  // Areas stack: each series starts where the ones before it ended, at
  // the same x.
  const lists = shown.map(({ s }) => points(s));
  const bases = lists.map(() => []);
  if (p.kind === 'area') {
    const acc = new Map();
    lists.forEach((pts, n) => pts.forEach((pt) => {
      const key = keyOf(pt[0]);
      const base = acc.get(key) ?? 0;
      bases[n].push(base);
      if (pt[1] != null) acc.set(key, base + pt[1]);
    }));
  }
  const tops = lists.map((pts, n) => pts.map((pt, k) => (pt[1] == null ? null : pt[1] + (bases[n][k] ?? 0))));
  // at finds a series' point at a key, for the hover.
  const at = lists.map((pts) => new Map(pts.map((pt, k) => [keyOf(pt[0]), k]).reverse()));
  const values = tops.flat().filter((v) => v != null);
  const zero = bar || p.kind === 'area';
  const [vMin, vMax] = extent(values);

  const top = shown.length === 1 && p.series.length === 1 ? 24 : 10;
  const bottom = x?.name ? 44 : 26;
  const yTicks = niceTicks(zero ? Math.min(0, vMin) : vMin, zero ? Math.max(0, vMax) : vMax, Math.max(2, Math.round((HEIGHT - top - bottom) / 50)));
  const yLabels = numberLabels(yTicks.ticks, yTicks.step);
  const left = extent(yLabels.map((s) => s.length))[1] * CH + 14;
  const right = 16;
  const plotW = Math.max(10, width - left - right);
  const y0 = yTicks.ticks[0], y1 = yTicks.ticks.at(-1);
  const yPos = (v) => HEIGHT - bottom - ((v - y0) / (y1 - y0)) * (HEIGHT - top - bottom);

  // xPos places row i; order is the rows in x order, as lines join them.
  let xPos, order, lo = 0, hi = 1;
  const band = plotW / Math.max(1, rows);
  if (banded) {
    xPos = (i) => left + (i + 0.5) * band;
    order = [...Array(rows).keys()];
  } else {
    order = [...Array(rows).keys()].filter((i) => Number.isFinite(xAt(i))).sort((a, b) => xAt(a) - xAt(b));
    if (order.length) [lo, hi] = [xAt(order[0]), xAt(order.at(-1))];
    if (!(hi > lo)) { lo -= 1; hi += 1; }
    xPos = (i) => left + ((xAt(i) - lo) / (hi - lo)) * plotW;
  }
  return { x, bar, rows, banded, xAt, xText, keyOf, at, lists, bases, tops, values, top, bottom, yTicks, yLabels, left, right, plotW, yPos, xPos, order, band, lo, hi, zero, width };
}

function drawAxes(p, sc, shown) {
  const { x, left, right, width, plotW, yPos, bottom, banded, band, order } = sc;
  const grid = svg('g', { class: 'chart-grid' });
  const axes = svg('g', { class: 'chart-axis' });
  sc.yTicks.ticks.forEach((v, k) => {
    const yy = yPos(v);
    grid.append(svg('line', { x1: left, x2: width - right, y1: yy, y2: yy }));
    axes.append(label('text', sc.yLabels[k], { x: left - 8, y: yy, 'text-anchor': 'end', 'dominant-baseline': 'middle' }));
  });
  if (p.series.length === 1 && shown.length === 1) axes.append(label('text', clip(p.series[0].name), { x: 0, y: 12, class: 'chart-title' }));
  if (x?.name) axes.append(label('text', clip(x.name), { x: left + plotW / 2, y: HEIGHT - 6, 'text-anchor': 'middle', class: 'chart-title' }));
  const tickY = HEIGHT - bottom + 16;
  if (banded) {
    const texts = order.map((i) => clip(sc.xText(i)));
    const every = Math.ceil((extent(texts.map((s) => s.length))[1] * CH + 8) / band);
    texts.forEach((s, i) => {
      if (i % every === 0) axes.append(label('text', s, { x: sc.xPos(i), y: tickY, 'text-anchor': 'middle' }));
    });
  } else {
    const { lo, hi } = sc;
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
  const base = yPos(sc.zero ? 0 : sc.yTicks.ticks[0]);
  grid.append(svg('line', { class: 'chart-base', x1: left, x2: width - right, y1: base, y2: base }));
  return [grid, axes];
}

// pointRadius scales a scatter chart's sizes: a number is every point's area,
// a column's values are areas up to 300 square pixels.
function pointRadius(p, sizes) {
  if (typeof p.size === 'number') return () => Math.sqrt(p.size / Math.PI);
  if (!p.size) return () => Math.sqrt(30 / Math.PI);
  const max = Math.max(1e-300, extent(sizes.filter((v) => v != null).map(Math.abs))[1]);
  return (v) => Math.sqrt(Math.max(20, (300 * Math.abs(v ?? 0)) / max) / Math.PI); // the smallest still shows
}

function drawMarks(p, sc, shown) {
  const { xPos, yPos, xText, band } = sc;
  const marks = svg('g');
  const radius = pointRadius(p, p.series.flatMap((s) => s.sizes || []));
  shown.forEach(({ s, j }, n) => {
    const g = svg('g', { class: 'chart-series' });
    g.style.setProperty('--c', colorOf(s, j));
    const pts = sc.lists[n];
    const tip = (i, v) => `${xText(i)}\n${s.name}: ${showNumber(v)}`;
    if (p.kind === 'bar') {
      const w = (band * 0.8) / shown.length;
      for (const [i, v] of pts) {
        if (v == null) continue;
        const a = yPos(Math.max(0, v)), b = yPos(Math.min(0, v));
        g.append(svg('rect', { class: 'chart-bar', x: sc.left + i * band + band * 0.1 + n * w, y: a, width: Math.max(1, w - 1), height: Math.max(0.5, b - a) },
          label('title', tip(i, v))));
      }
    } else if (p.kind === 'scatter') {
      for (const [i, v, size] of pts) {
        if (v == null || !Number.isFinite(xPos(i))) continue;
        g.append(svg('circle', { class: 'chart-dot', cx: xPos(i).toFixed(1), cy: yPos(v).toFixed(1), r: radius(size).toFixed(1) }));
      }
    } else {
      drawLine(p, sc, n, g, tip);
    }
    marks.append(g);
  });
  return marks;
}

// drawLine draws series n of a line or area chart: a null breaks the line,
// the next point starts a new segment. A point alone between gaps gets a
// dot, as no line shows it.
function drawLine(p, sc, n, g, tip) {
  const { xPos, yPos, xAt, banded } = sc;
  const pts = sc.lists[n].map((pt, k) => [pt[0], sc.tops[n][k], sc.bases[n][k] ?? 0, pt[1]])
    .filter(([i]) => banded || Number.isFinite(xAt(i)));
  if (!banded) pts.sort((a, b) => xAt(a[0]) - xAt(b[0]));
  let d = '', area = '', run = [];
  const dots = pts.length <= MAX_DOTS;
  const flush = () => {
    if (run.length && p.kind === 'area') {
      const back = run.slice().reverse().map(([px, , , b]) => `L${px},${yPos(b).toFixed(1)}`).join('');
      area += run.map(([px, py], k) => `${k ? 'L' : 'M'}${px},${py}`).join('') + back + 'Z';
    }
    if (run.length === 1 || dots) {
      for (const [px, py, i, , v] of run) {
        g.append(svg('circle', { class: run.length === 1 ? 'chart-point alone' : 'chart-point', cx: px, cy: py, r: 3 }, label('title', tip(i, v))));
      }
    }
    run = [];
  };
  for (const [i, top, base, v] of pts) {
    if (top == null) { flush(); continue; }
    const px = xPos(i).toFixed(1), py = yPos(top).toFixed(1);
    d += `${run.length ? 'L' : 'M'}${px},${py}`;
    run.push([px, py, i, base, v]);
  }
  flush();
  if (p.kind === 'area') g.prepend(svg('path', { class: 'chart-area', d: area }));
  g.prepend(svg('path', { class: 'chart-line', fill: 'none', d }));
  if (dots) g.classList.add('dots');
}

// render draws props p, without the series in hidden, into the svg at the
// given width, and returns what the hover needs.
function render(plot, p, width, hidden) {
  const series = p.series || [];
  const shown = series.map((s, j) => ({ s, j })).filter(({ j }) => !hidden.has(j));
  const sc = scales({ ...p, series }, shown, width);
  const names = series.map((s) => s.name).join(', ');
  const noun = p.kind === 'bar' ? 'categories' : 'points';
  const count = p.downsampled ? `${p.downsampled} ${noun}, downsampled to ${sc.rows}` : `${sc.rows} ${noun}`;
  plot.setAttribute('aria-label', `${KINDS[p.kind] || 'Line'} chart of ${names || 'nothing'}${p.x?.name ? ` by ${p.x.name}` : ''}, ${count}`);
  plot.setAttribute('viewBox', `0 0 ${width} ${HEIGHT}`);
  if (!sc.rows || !sc.values.length) {
    plot.replaceChildren(label('text', 'No data', { x: width / 2, y: HEIGHT / 2, 'text-anchor': 'middle', class: 'chart-empty' }));
    return null;
  }
  const hover = svg('g', { class: 'chart-hover' });
  plot.replaceChildren(...drawAxes(p, sc, shown), drawMarks(p, sc, shown), hover);
  return { sc, shown, hover };
}

// nearest finds what the pointer at plot x px, y py is over: the x column
// nearest to it (every series' value there), or for a scatter chart the
// point nearest to it. It returns null when nothing is close.
function nearest(p, drawn, px, py) {
  const { sc, shown } = drawn;
  if (p.kind === 'scatter') {
    let best = null, dist = 30 ** 2;
    shown.forEach(({ s, j }, n) => sc.lists[n].forEach(([i, v, size]) => {
      if (v == null) return;
      const dx = sc.xPos(i) - px, dy = sc.yPos(v) - py;
      if (dx * dx + dy * dy < dist) { dist = dx * dx + dy * dy; best = { i, rows: [{ s, j, v, y: v, size }] }; }
    }));
    return best;
  }
  // The x columns are the rows drawn in x order: halve to the nearest.
  const cols = sc.order;
  if (!cols.length) return null;
  let a = 0, b = cols.length - 1;
  while (b - a > 1) {
    const m = (a + b) >> 1;
    if (sc.xPos(cols[m]) < px) a = m; else b = m;
  }
  const i = Math.abs(sc.xPos(cols[a]) - px) <= Math.abs(sc.xPos(cols[b]) - px) ? cols[a] : cols[b];
  const rows = [];
  shown.forEach(({ s, j }, n) => {
    const k = sc.at[n].get(sc.keyOf(i));
    const v = s.values[k];
    if (k != null && v != null) rows.push({ s, j, v, y: sc.tops[n][k] });
  });
  return rows.length ? { i, rows } : null;
}

// showTip draws the hover: a rule at the x, a ring on each value, and the
// tooltip box with the x and the values, as text.
function showTip(p, drawn, tipEl, hit, width) {
  const { sc, hover } = drawn;
  const px = sc.xPos(hit.i);
  const rings = hit.rows.map(({ s, j, y }) => {
    const ring = svg('circle', { class: 'chart-ring', cx: px, cy: sc.yPos(y), r: 4.5 });
    ring.style.setProperty('--c', colorOf(s, j));
    return ring;
  });
  hover.replaceChildren(...(p.kind === 'scatter' ? [] : [svg('line', { class: 'chart-rule', x1: px, x2: px, y1: sc.top, y2: HEIGHT - sc.bottom })]), ...rings);
  const lines = hit.rows.map(({ s, j, v, size }) => {
    const swatch = h('span', { class: 'chart-swatch' });
    swatch.style.setProperty('--c', colorOf(s, j));
    const sized = size != null && typeof p.size === 'string' ? `, ${p.size}: ${showNumber(size)}` : '';
    return h('div', { class: 'chart-tip-row' }, swatch, `${s.name}: ${showNumber(v)}${sized}`);
  });
  tipEl.replaceChildren(h('div', { class: 'chart-tip-x' }, `${p.x?.name ? `${p.x.name}: ` : ''}${sc.xText(hit.i)}`), ...lines);
  tipEl.hidden = false;
  // Beside the point, on the side with room.
  const right = px + 12 + tipEl.offsetWidth < width;
  tipEl.style.left = `${right ? px + 12 : Math.max(0, px - 12 - tipEl.offsetWidth)}px`;
  tipEl.style.top = `${Math.max(0, Math.min(...rings.map((r) => +r.getAttribute('cy'))) - 10)}px`;
}

function chart() {
  const legend = h('div', { class: 'chart-legend' });
  const plot = svg('svg', { role: 'img' });
  const tip = h('div', { class: 'chart-tip', role: 'tooltip' });
  tip.hidden = true;
  const frame = h('div', { class: 'chart-frame' }, plot, tip);
  const el = h('div', { class: 'chart' }, legend, frame);
  let props = null, width = 0, drawn = null;
  const hidden = new Set();

  // Before the chart is on the page it has no width: draw at a guess, and
  // again once its real width is known. A hidden chart (in another tab) has
  // none either and keeps its drawing until it shows.
  const draw = () => {
    width = el.clientWidth || width || 640;
    drawn = render(plot, props, width, hidden);
    tip.hidden = true;
  };
  const drawLegend = () => {
    const series = props.series || [];
    legend.replaceChildren(...(series.length > 1 ? series.map((s, j) => {
      const swatch = h('span', { class: 'chart-swatch' });
      swatch.style.setProperty('--c', colorOf(s, j));
      const key = h('button', { type: 'button', class: 'chart-key', 'aria-pressed': String(!hidden.has(j)), title: 'Hide or show this series' }, swatch, s.name);
      key.addEventListener('click', () => {
        if (hidden.has(j)) hidden.delete(j); else hidden.add(j);
        key.setAttribute('aria-pressed', String(!hidden.has(j)));
        draw();
      });
      return key;
    }) : []));
    legend.hidden = series.length < 2;
  };
  new ResizeObserver(() => {
    if (props && el.clientWidth && el.clientWidth !== width) draw();
  }).observe(el);

  plot.addEventListener('pointermove', (e) => {
    if (!drawn) return;
    const box = plot.getBoundingClientRect();
    const scale = width / box.width;
    const hit = nearest(props, drawn, (e.clientX - box.left) * scale, (e.clientY - box.top) * scale);
    if (hit) showTip(props, drawn, tip, hit, width);
    else { tip.hidden = true; drawn.hover.replaceChildren(); }
  });
  plot.addEventListener('pointerleave', () => {
    tip.hidden = true;
    drawn?.hover.replaceChildren();
  });

  return {
    el,
    update(p) {
      // New data may have other series: what was hidden no longer applies.
      if (props && JSON.stringify(props.series.map((s) => s.name)) !== JSON.stringify(p.series.map((s) => s.name))) hidden.clear();
      props = p;
      drawLegend();
      draw();
    },
  };
}

export default { chart };
