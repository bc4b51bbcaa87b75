// Elements that show data: tables, metrics and progress bars.

import { h, setText, setAttr } from './dom.js';

// cellText shows a cell: numbers with at most four decimals, as
// Streamlit's tables do, nothing for null, objects as JSON.
export function cellText(v) {
  if (v == null) return '';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(+v.toFixed(4));
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

// table draws a static table (st.Table): every row, as sent. dataframe.js
// draws st.Dataframe and st.DataEditor.
function table() {
  const head = h('tr');
  const body = h('tbody');
  const el = h('div', { class: 'table' }, h('table', {}, h('thead', {}, head), body));
  return {
    el,
    update(p) {
      const columns = p.columns || [];
      const numeric = p.numeric || [];
      head.replaceChildren(...columns.map((name, j) => h('th', { scope: 'col', class: numeric[j] ? 'num' : '', text: name })));
      body.replaceChildren(...(p.rows || []).map((row) => h('tr', {}, ...row.map((v, j) =>
        h('td', { class: numeric[j] ? 'num' : '', text: cellText(v) })))));
    },
  };
}

function metric() {
  const label = h('div', { class: 'metric-label' });
  const value = h('div', { class: 'metric-value' });
  const delta = h('div', { class: 'metric-delta' });
  const el = h('div', { class: 'metric' }, label, value, delta);
  return {
    el,
    update(p) {
      setText(label, p.label);
      setAttr(label, 'title', p.help);
      setText(value, p.value);
      const arrow = p.direction === 'down' ? '↓' : p.direction === 'up' ? '↑' : '';
      setText(delta, p.delta ? `${arrow} ${p.delta}` : '');
      delta.hidden = !p.delta;
      // Whether a change is good depends on the metric: DeltaColor says.
      const good = p.color === 'inverse' ? p.direction === 'down' : p.direction === 'up';
      delta.className = `metric-delta ${p.color === 'off' ? 'off' : good ? 'good' : 'bad'}`;
    },
  };
}

function progress() {
  const text = h('div', { class: 'progress-text' });
  const fill = h('div', { class: 'progress-fill' });
  const bar = h('div', { class: 'progress-bar', role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': '100' }, fill);
  const el = h('div', { class: 'progress' }, text, bar);
  return {
    el,
    update(p) {
      const pct = Math.round(Math.min(1, Math.max(0, p.value || 0)) * 100);
      setText(text, p.text);
      text.hidden = !p.text;
      setAttr(bar, 'aria-valuenow', String(pct));
      setAttr(bar, 'aria-label', p.text || 'Progress');
      fill.style.width = `${pct}%`;
    },
  };
}

export default {
  table,
  metric,
  progress,
};
