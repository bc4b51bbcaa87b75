// Widgets with one native control each. Every kind is create(node, ctx) →
// {el, update(props, first)}; see widget.js for the shared parts.

import { h, uid, setAttr, setText, same } from './dom.js';
import { base, label, common, field, submitOnEnter } from './widget.js';
import downloadButton from './download.js';
import fileUploader from './upload.js';

function button(node, ctx, submit) {
  const b = h('button', { type: 'button', class: 'btn' });
  const w = base(node, ctx, submit ? 'button-widget form-submit' : 'button-widget');
  w.el.append(b);
  b.addEventListener('click', () => {
    const form = submit ? w.el.closest('.form') : null;
    const values = {};
    // A submit button sends every value of its form in one rerun.
    const fields = form ? [...form.querySelectorAll('[data-wid]')].map((el) => el.gost).filter((fw) => fw?.read) : [];
    for (const fw of fields) fw.committed = values[fw.id] = fw.read();
    ctx.send(values, node.id);
    // A form that clears on submit shows its defaults again at once: the
    // values the server last drew, which for such a form are the defaults.
    if (form?.dataset.clear) for (const fw of fields) fw.update(fw.props, true);
  });
  w.update = (p) => {
    setText(b, p.label);
    b.classList.toggle('primary', !!p.primary);
    common(w, p, b);
  };
  return w;
}

function check(node, ctx, sw) {
  const w = base(node, ctx, sw ? 'toggle' : 'checkbox');
  const input = h('input', { type: 'checkbox', id: uid(), role: sw ? 'switch' : null });
  const text = h('span', { class: 'wlabel' });
  const mark = h('span', { class: 'help-mark', 'aria-hidden': 'true', text: '?' });
  w.el.append(h('label', { class: 'check' }, input, text, mark));
  w.read = () => input.checked;
  input.addEventListener('change', w.changed);
  w.update = (p, first) => {
    common(w, p, input, { text, mark });
    w.sync(!!p.value, first, (v) => { input.checked = v; });
  };
  return w;
}

function textInput(node, ctx) {
  const input = h('input', { type: 'text', autocomplete: 'off', spellcheck: 'false' });
  const { w, lab } = field(node, ctx, 'text-input', input);
  w.read = () => input.value;
  input.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' || e.isComposing) return;
    w.changed();
    submitOnEnter(w);
  });
  input.addEventListener('blur', w.changed);
  w.update = (p, first) => {
    common(w, p, input, lab);
    const type = p.password ? 'password' : 'text';
    if (input.type !== type) input.type = type;
    setAttr(input, 'placeholder', p.placeholder);
    setAttr(input, 'maxlength', p.max_chars > 0 ? p.max_chars : null);
    w.sync(p.value ?? '', first, (v) => { input.value = v; });
  };
  return w;
}

// The browser's own date picker, in the user's locale; it speaks
// "2006-01-02", as the server does.
function dateInput(node, ctx) {
  const input = h('input', { type: 'date' });
  const { w, lab } = field(node, ctx, 'date-input', input);
  w.read = () => input.value;
  // change fires at every key that leaves a valid date (typing 12/25/2026
  // passes through 0002-12-25), and each send would rerun the app. So a
  // typed date is sent on Enter or when the field is left, as a text input
  // is; a date picked with the mouse is sent at once.
  let typing = false;
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      typing = false;
      if (input.value) w.changed();
    } else if (e.key !== 'Tab') typing = true;
  });
  input.addEventListener('change', () => { if (!typing && input.value) w.changed(); });
  input.addEventListener('blur', () => {
    typing = false;
    if (input.value) w.changed();
  });
  w.update = (p, first) => {
    common(w, p, input, lab);
    setAttr(input, 'min', p.min);
    setAttr(input, 'max', p.max);
    w.sync(p.value ?? '', first, (v) => { input.value = v; });
  };
  return w;
}

function textArea(node, ctx) {
  const ta = h('textarea', { rows: 4 });
  const { w, lab } = field(node, ctx, 'text-area', ta);
  w.read = () => ta.value;
  ta.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' || !(e.ctrlKey || e.metaKey)) return;
    w.changed();
    submitOnEnter(w);
  });
  ta.addEventListener('blur', w.changed);
  w.update = (p, first) => {
    common(w, p, ta, lab);
    setAttr(ta, 'placeholder', p.placeholder);
    setAttr(ta, 'maxlength', p.max_chars > 0 ? p.max_chars : null);
    w.sync(p.value ?? '', first, (v) => { ta.value = v; });
  };
  return w;
}

const decimals = (x) => (String(x).split('.')[1] || '').length;

// Number formatting shared by number_input and slider: ints are whole, floats
// show at least as many decimals as the step so 0.1 steps read 1.0, 1.1, 1.2.
function numFmt(p) {
  const d = p.format === 'int' ? 0 : Math.min(10, decimals(p.step ?? 0));
  return {
    norm: (v) => (p.format === 'int' ? Math.round(v) : Number(v.toFixed(Math.max(d, Math.min(10, decimals(v)))))),
    show: (v) => (p.format === 'int' ? String(Math.round(v)) : v.toFixed(Math.max(d, Math.min(10, decimals(v))))),
  };
}

function numberInput(node, ctx) {
  const input = h('input', { type: 'number', inputmode: 'decimal' });
  const { w, lab } = field(node, ctx, 'number-input', input);
  const minus = h('button', { type: 'button', class: 'step', 'aria-label': 'Decrease', text: '−' });
  const plus = h('button', { type: 'button', class: 'step', 'aria-label': 'Increase', text: '+' });
  w.el.append(h('div', { class: 'number-row' }, input, minus, plus));
  let p = {};
  const clamp = (v) => Math.min(p.max ?? Infinity, Math.max(p.min ?? -Infinity, v));
  w.read = () => {
    const n = input.valueAsNumber;
    return Number.isNaN(n) ? (w.committed ?? 0) : numFmt(p).norm(clamp(n));
  };
  // After a commit the control shows the value as sent (clamped, rounded).
  const commit = () => {
    const v = w.read();
    if (input.valueAsNumber !== v) input.value = numFmt(p).show(v);
    w.changed();
  };
  const step = (dir) => {
    input.value = numFmt(p).show(numFmt(p).norm(clamp(w.read() + dir * (p.step || 1))));
    commit();
  };
  minus.addEventListener('click', () => step(-1));
  plus.addEventListener('click', () => step(1));
  input.addEventListener('change', commit);
  input.addEventListener('blur', commit);
  input.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter') return;
    commit();
    submitOnEnter(w);
  });
  w.update = (np, first) => {
    p = np;
    common(w, p, input, lab);
    minus.disabled = plus.disabled = !!p.disabled;
    setAttr(input, 'min', p.min);
    setAttr(input, 'max', p.max);
    setAttr(input, 'step', p.step || 'any');
    w.sync(p.value ?? 0, first, (v) => { input.value = numFmt(p).show(v); });
  };
  return w;
}

function slider(node, ctx) {
  const input = h('input', { type: 'range' });
  const { w, lab } = field(node, ctx, 'slider', input);
  const out = h('output', { class: 'slider-value', for: input.id });
  const lo = h('span'), hi = h('span');
  lab.el.after(out);
  w.el.append(h('div', { class: 'slider-range', 'aria-hidden': 'true' }, lo, hi));
  let p = {};
  const show = () => setText(out, numFmt(p).show(Number(input.value)));
  w.read = () => numFmt(p).norm(Number(input.value));
  input.addEventListener('input', show);
  // Send on release, not on every pixel of the drag.
  input.addEventListener('change', w.changed);
  w.update = (np, first) => {
    p = np;
    common(w, p, input, lab);
    setAttr(input, 'min', p.min);
    setAttr(input, 'max', p.max);
    setAttr(input, 'step', p.step || 'any');
    setText(lo, numFmt(p).show(p.min ?? 0));
    setText(hi, numFmt(p).show(p.max ?? 100));
    w.sync(p.value ?? 0, first, (v) => { input.value = v; });
    show();
  };
  return w;
}

function selectbox(node, ctx) {
  const sel = h('select');
  const { w, lab } = field(node, ctx, 'selectbox', sel);
  const none = h('option', { value: '-1', disabled: true });
  let opts;
  w.read = () => Number(sel.value);
  sel.addEventListener('change', w.changed);
  w.update = (p, first) => {
    common(w, p, sel, lab);
    setText(none, p.placeholder || 'Choose an option');
    // Options are rebuilt only when they change, so an open list survives.
    if (first || !same(opts, p.options)) {
      opts = p.options || [];
      const cur = sel.value;
      sel.replaceChildren(none, ...opts.map((o, i) => h('option', { value: i, text: o })));
      sel.value = cur;
      if (sel.selectedIndex < 0) sel.value = '-1';
    }
    w.sync(p.index ?? -1, first, (v) => { sel.value = String(v); });
    none.hidden = w.read() !== -1;
  };
  return w;
}

function radio(node, ctx) {
  const w = base(node, ctx, 'radio');
  const fs = h('fieldset');
  const lab = label();
  const list = h('div', { class: 'options' });
  fs.append(lab.el, list);
  w.el.append(fs);
  const name = uid();
  let opts, inputs = [];
  w.read = () => inputs.findIndex((i) => i.checked);
  w.update = (p, first) => {
    common(w, p, fs, lab);
    list.classList.toggle('horizontal', !!p.horizontal);
    if (first || !same(opts, p.options)) {
      const cur = w.read();
      opts = p.options || [];
      inputs = opts.map(() => h('input', { type: 'radio', name, onchange: w.changed }));
      list.replaceChildren(...opts.map((o, i) => h('label', { class: 'check' }, inputs[i], h('span', { text: o }))));
      if (inputs[cur]) inputs[cur].checked = true;
    }
    w.sync(p.index ?? -1, first, (v) => {
      inputs.forEach((inp, i) => { inp.checked = i === v; });
    });
  };
  return w;
}

export default {
  button: (n, c) => button(n, c, false),
  form_submit_button: (n, c) => button(n, c, true),
  download_button: downloadButton,
  file_uploader: fileUploader,
  checkbox: (n, c) => check(n, c, false),
  toggle: (n, c) => check(n, c, true),
  text_input: textInput,
  text_area: textArea,
  date_input: dateInput,
  number_input: numberInput,
  slider,
  selectbox,
  radio,
};
