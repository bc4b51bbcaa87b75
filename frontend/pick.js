// The widgets of choosing and picking added with dialogs and components:
// select slider, pills, segmented control, range slider, time input, date
// range, feedback and colour picker. Each sends what its server-side
// Decode reads (st/pick.go, st/timeinput.go): an index, a pair, a string.

import { h, uid, setAttr, setText, same } from './dom.js';
import { base, label, common, field } from './widget.js';

// A row of buttons, one chosen (aria-pressed): pills and segmented control.
// Clicking the chosen one again unchooses it, as in Streamlit.
function buttons(cls) {
  return (node, ctx) => {
    const w = base(node, ctx, cls);
    const fs = h('fieldset');
    const lab = label();
    const row = h('div', { class: 'pick-row', role: 'group' });
    fs.append(lab.el, row);
    w.el.append(fs);
    let opts, btns = [], cur = -1;
    const show = () => btns.forEach((b, i) => b.setAttribute('aria-pressed', String(i === cur)));
    w.read = () => cur;
    w.update = (p, first) => {
      common(w, p, fs, lab);
      if (first || !same(opts, p.options)) {
        opts = p.options || [];
        btns = opts.map((o, i) => h('button', {
          type: 'button', class: 'pick', text: o,
          onclick: () => { cur = cur === i ? -1 : i; show(); w.changed(); },
        }));
        row.replaceChildren(...btns);
      }
      btns.forEach((b) => { b.disabled = !!p.disabled; });
      w.sync(p.index ?? -1, first, (v) => { cur = v; });
      show();
    };
    return w;
  };
}

function selectSlider(node, ctx) {
  const input = h('input', { type: 'range', min: 0, step: 1 });
  const { w, lab } = field(node, ctx, 'slider select-slider', input);
  const out = h('output', { class: 'slider-value', for: input.id });
  const lo = h('span'), hi = h('span');
  lab.el.after(out);
  w.el.append(h('div', { class: 'slider-range', 'aria-hidden': 'true' }, lo, hi));
  let opts = [];
  const show = () => {
    setText(out, opts[Number(input.value)] ?? '');
    setAttr(input, 'aria-valuetext', opts[Number(input.value)]);
  };
  w.read = () => Number(input.value);
  input.addEventListener('input', show);
  input.addEventListener('change', w.changed);
  w.update = (p, first) => {
    opts = p.options || [];
    common(w, p, input, lab);
    setAttr(input, 'max', Math.max(0, opts.length - 1));
    setText(lo, opts[0]);
    setText(hi, opts[opts.length - 1]);
    w.sync(p.index ?? 0, first, (v) => { input.value = v; });
    show();
  };
  return w;
}

const fmt = (p, v) => (p.format === 'int' ? String(Math.round(v)) : String(v));

// Two native range inputs over one track: the low and the high end. Each
// is kept from passing the other.
function rangeSlider(node, ctx) {
  const w = base(node, ctx, 'slider range-slider');
  const a = h('input', { type: 'range', id: uid(), 'aria-label': 'Low end' });
  const b = h('input', { type: 'range', 'aria-label': 'High end' });
  const lab = label(a.id);
  const out = h('output', { class: 'slider-value', for: a.id });
  const lo = h('span'), hi = h('span');
  w.el.append(lab.el, out, h('div', { class: 'range-pair' }, a, b),
    h('div', { class: 'slider-range', 'aria-hidden': 'true' }, lo, hi));
  let p = {};
  w.read = () => {
    const x = Number(a.value), y = Number(b.value);
    return x <= y ? [x, y] : [y, x];
  };
  const pair = a.parentNode;
  const show = () => {
    const [x, y] = w.read();
    setText(out, `${fmt(p, x)} – ${fmt(p, y)}`);
    // The chosen stretch of the track, between the handles.
    const span = (p.max - p.min) || 1;
    pair.style.setProperty('--lo', `${((x - p.min) / span) * 100}%`);
    pair.style.setProperty('--hi', `${((y - p.min) / span) * 100}%`);
  };
  for (const el of [a, b]) {
    el.addEventListener('input', show);
    el.addEventListener('change', w.changed);
  }
  w.update = (np, first) => {
    p = np;
    common(w, p, a, lab);
    b.disabled = !!p.disabled;
    for (const el of [a, b]) {
      setAttr(el, 'min', p.min);
      setAttr(el, 'max', p.max);
      setAttr(el, 'step', p.step || 'any');
    }
    setText(lo, fmt(p, p.min));
    setText(hi, fmt(p, p.max));
    w.sync(p.value || [p.min, p.max], first, (v) => { a.value = v[0]; b.value = v[1]; });
    show();
  };
  return w;
}

function timeInput(node, ctx) {
  const input = h('input', { type: 'time' });
  const { w, lab } = field(node, ctx, 'time-input', input);
  // Seconds only when the step asks for them, so "07:30" reads as the
  // server's "07:30:00".
  let p = {};
  const norm = (v) => (v && v.length === 5 ? `${v}:00` : v);
  w.read = () => norm(input.value);
  input.addEventListener('change', () => { if (input.value) w.changed(); });
  w.update = (np, first) => {
    p = np;
    common(w, p, input, lab);
    setAttr(input, 'step', p.step);
    w.sync(p.value ?? '00:00:00', first, (v) => { input.value = p.step % 60 ? v : v.slice(0, 5); });
  };
  return w;
}

// Two date pickers, start and end; the pair is sent when either changes
// to a date.
function dateRange(node, ctx) {
  const w = base(node, ctx, 'date-input date-range');
  const a = h('input', { type: 'date', id: uid(), 'aria-label': 'Start' });
  const b = h('input', { type: 'date', 'aria-label': 'End' });
  const lab = label(a.id);
  w.el.append(lab.el, h('div', { class: 'date-pair' }, a, h('span', { text: '–', 'aria-hidden': 'true' }), b));
  w.read = () => [a.value, b.value];
  for (const el of [a, b]) el.addEventListener('change', () => { if (a.value && b.value) w.changed(); });
  w.update = (p, first) => {
    common(w, p, a, lab);
    b.disabled = !!p.disabled;
    for (const el of [a, b]) {
      setAttr(el, 'min', p.min);
      setAttr(el, 'max', p.max);
    }
    w.sync(p.value || ['', ''], first, (v) => { a.value = v[0]; b.value = v[1]; });
  };
  return w;
}

// Icons are drawn, not typed: emoji fonts are missing on many systems.
const SVG = 'http://www.w3.org/2000/svg';
function icon(paths) {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  for (const d of paths) {
    const p = document.createElementNS(SVG, 'path');
    p.setAttribute('d', d);
    svg.append(p);
  }
  return svg;
}
const thumb = 'M7 11v9H4v-9h3zm2 9h7.5a2 2 0 0 0 2-1.6l1.3-6A2 2 0 0 0 17.8 10H14V6a2 2 0 0 0-2-2l-3 7v9z';
const ring = 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18z';
const eyes = 'M9 10h.01M15 10h.01';
const mouths = ['M8 17q4-4 8 0', 'M8.5 16q3.5-2 7 0', 'M8.5 15.5h7', 'M8.5 15q3.5 2 7 0', 'M8 14q4 4 8 0'];
const star = 'M12 3l2.7 5.6 6.1.9-4.4 4.3 1 6.1L12 17l-5.4 2.9 1-6.1-4.4-4.3 6.1-.9z';
const feedbackKinds = {
  thumbs: { icons: [[thumb], [thumb]], names: ['Thumbs down', 'Thumbs up'] },
  faces: { icons: mouths.map((m) => [ring, eyes, m]), names: ['Very unhappy', 'Unhappy', 'Neutral', 'Happy', 'Very happy'] },
  stars: { icons: Array(5).fill([star]), names: ['1 star', '2 stars', '3 stars', '4 stars', '5 stars'] },
};

function feedback(node, ctx) {
  const w = base(node, ctx, 'feedback');
  const row = h('div', { class: 'pick-row', role: 'group', 'aria-label': 'Feedback' });
  w.el.append(row);
  let kind, btns = [], cur = -1;
  const show = () => btns.forEach((b, i) => {
    b.setAttribute('aria-pressed', String(i === cur));
    // Stars fill up to the one chosen.
    b.classList.toggle('lit', kind === 'stars' ? i <= cur : i === cur);
  });
  w.read = () => cur;
  w.update = (p, first) => {
    if (first || kind !== p.kind) {
      kind = p.kind;
      const k = feedbackKinds[kind] || feedbackKinds.thumbs;
      w.el.dataset.kind = kind;
      btns = k.icons.map((paths, i) => h('button', {
        type: 'button', class: kind === 'thumbs' && i === 0 ? 'fb down' : 'fb', 'aria-label': k.names[i],
        onclick: () => { cur = cur === i ? -1 : i; show(); w.changed(); },
      }, icon(paths)));
      row.replaceChildren(...btns);
    }
    btns.forEach((b) => { b.disabled = !!p.disabled; });
    w.sync(p.index ?? -1, first, (v) => { cur = v; });
    show();
  };
  return w;
}

function colorPicker(node, ctx) {
  const input = h('input', { type: 'color' });
  const { w, lab } = field(node, ctx, 'color-picker', input);
  const hex = h('span', { class: 'color-hex', 'aria-hidden': 'true' });
  input.after(hex);
  w.read = () => input.value.toLowerCase();
  input.addEventListener('input', () => setText(hex, input.value));
  input.addEventListener('change', w.changed);
  w.update = (p, first) => {
    common(w, p, input, lab);
    w.sync(p.value ?? '#000000', first, (v) => { input.value = v; });
    setText(hex, input.value);
  };
  return w;
}

export default {
  select_slider: selectSlider,
  pills: buttons('pills'),
  segmented_control: buttons('segmented'),
  range_slider: rangeSlider,
  time_input: timeInput,
  date_range_input: dateRange,
  feedback,
  color_picker: colorPicker,
};
