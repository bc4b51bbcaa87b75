// Elements that show data: tables, metrics and progress bars.

import { h, setText, setAttr, same } from './dom.js';

// cellText shows a cell: numbers with at most four decimals, as
// Streamlit's tables do, nothing for null, objects as JSON.
export function cellText(v) {
  if (v == null) return '';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(+v.toFixed(4));
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

// compare orders two cells of a column: numbers as numbers, the rest as
// text, empty cells last whichever way the column is sorted.
function compare(a, b, numeric) {
  if (numeric) return a - b;
  return cellText(a).localeCompare(cellText(b));
}

// table draws a static table (st.Table); dataframe.js draws st.Dataframe.
function table(sortable) {
  return () => {
    const head = h('tr');
    const body = h('tbody');
    const el = h('div', { class: sortable ? 'dataframe' : 'table' },
      h('table', {}, h('thead', {}, head), body));
    let props = { columns: [], rows: [], numeric: [] };
    let sort = { col: -1, dir: 0 }; // dir: 1 ascending, -1 descending, 0 as sent

    function order() {
      const rows = props.rows.slice();
      if (sort.dir === 0 || sort.col >= props.columns.length) return rows;
      const { col, dir } = sort;
      const numeric = props.numeric[col];
      return rows.sort((a, b) => {
        if (a[col] == null || b[col] == null) return (a[col] == null) - (b[col] == null);
        return dir * compare(a[col], b[col], numeric);
      });
    }

    function header() {
      head.replaceChildren(...props.columns.map((name, j) => {
        const th = h('th', { scope: 'col', class: props.numeric[j] ? 'num' : '' });
        if (!sortable) {
          setText(th, name);
          return th;
        }
        const dir = sort.col === j ? sort.dir : 0;
        setAttr(th, 'aria-sort', dir === 1 ? 'ascending' : dir === -1 ? 'descending' : 'none');
        th.append(h('button', {
          type: 'button',
          text: name + (dir === 1 ? ' ▲' : dir === -1 ? ' ▼' : ''),
          onclick: () => {
            // ascending, descending, then back to the order the app sent
            sort = { col: j, dir: sort.col !== j ? 1 : sort.dir === 1 ? -1 : sort.dir === -1 ? 0 : 1 };
            render();
          },
        }));
        return th;
      }));
    }

    function render() {
      header();
      body.replaceChildren(...order().map((row) => h('tr', {}, ...row.map((v, j) =>
        h('td', { class: props.numeric[j] ? 'num' : '', text: cellText(v) })))));
    }

    return {
      el,
      update(p) {
        const next = { columns: p.columns || [], rows: p.rows || [], numeric: p.numeric || [] };
        if (!same(next.columns, props.columns)) sort = { col: -1, dir: 0 };
        props = next;
        // Width (st.Dataframe's st.Width) in CSS pixels; the stylesheet keeps
        // it within its column.
        el.style.width = p.width > 0 ? `${p.width}px` : '';
        render();
      },
    };
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
  table: table(false),
  metric,
  progress,
};
