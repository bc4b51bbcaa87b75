// Axes of the built-in charts (chart.js): round ticks for numbers and
// times, and the way numbers and times read in labels and tooltips.

// extent returns the smallest and largest of vs; spreading a long array
// into Math.min would overflow the stack.
export function extent(vs) {
  let lo = Infinity, hi = -Infinity;
  for (const v of vs) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

// niceTicks returns round values from at or below lo to at or above hi,
// about n of them, 1, 2 or 5 times a power of ten apart.
export function niceTicks(lo, hi, n) {
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
export function numberLabels(ticks, step) {
  const d = Math.max(0, Math.min(10, -Math.floor(Math.log10(step))));
  const plain = ticks.map((v) => v.toLocaleString(undefined, { maximumFractionDigits: d }));
  if (Math.max(...ticks.map(Math.abs)) < 1e4) return plain;
  const short = ticks.map((v) => compact.format(v));
  return new Set(short).size === short.length ? short : plain;
}

export const showNumber = (v) =>
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

export function timeTicks(lo, hi, n) {
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
export const showTime = (t) => {
  const d = new Date(t);
  return d.getHours() || d.getMinutes() || d.getSeconds() ? d.toLocaleString() : d.toLocaleDateString();
};

export const clip = (s) => (s.length > 20 ? `${s.slice(0, 19)}…` : s);
