// st.Dataframe and st.DataEditor. A small table comes whole in its props
// and is sorted, filtered and searched here, and drawn whole; a big one
// (props.src) stays on the server, which answers windows of it, sorted and
// filtered, at _gost/rows/{session}/{src} (runtime/rows.go), and only the
// rows in view are drawn. Rows are ROW_H pixels high, so the row at any
// scroll position is known without measuring.

import { h, setText, setAttr, same } from './dom.js';
import { base } from './widget.js';
import { cellText } from './data.js';
import { formatNumber } from './format.js';

const ROW_H = 30;
const BLOCK = 100; // rows per request to the server
const MAX_SIZER = 8e6; // px: browsers cap an element's height; past it, scroll maps proportionally

function dataframe(editor) {
  return (node, ctx) => {
    const w = node.id ? base(node, ctx, editor ? 'data-editor' : 'dataframe-widget') : null;
    const count = h('span', { class: 'df-count' });
    const search = h('input', { type: 'search', placeholder: 'Search', 'aria-label': 'Search the table', class: 'df-search' });
    const filterBtn = h('button', { type: 'button', class: 'df-tool', text: 'Filter', 'aria-pressed': 'false' });
    const addBtn = h('button', { type: 'button', class: 'df-tool', text: '+ Add row', hidden: true });
    const delBtn = h('button', { type: 'button', class: 'df-tool', text: 'Delete rows', hidden: true });
    const tools = h('div', { class: 'df-toolbar' }, count, addBtn, delBtn, filterBtn, search);
    const head = h('tr');
    const filters = h('tr', { class: 'df-filters', hidden: true });
    const body = h('tbody');
    const tableEl = h('table', {}, h('thead', {}, head, filters), body);
    const sizer = h('div', { class: 'df-sizer' }, tableEl);
    const scroller = h('div', { class: 'df-scroll', tabindex: '0' }, sizer); // scrolls by keyboard too
    const frame = h('div', { class: editor ? 'dataframe data-editor-frame' : 'dataframe' }, tools, scroller);
    const el = w ? w.el : frame;
    if (w) w.el.append(frame);

    let props = { columns: [], rows: [], numeric: [], types: [] };
    let order = []; // the columns shown, pinned first
    let sort = { col: -1, dir: 0 }; // dir: 1 ascending, -1 descending, 0 as sent
    let query = { q: '', f: {} }; // search and per-column filters
    let selected = new Set();
    // A big table's rows, by query, by block of BLOCK rows.
    let cache = new Map();
    let total = 0; // rows the current query leaves
    let local = null; // a small table: the row indices in the query's order
    // An editor's changes: Streamlit's edited_rows, added_rows, deleted_rows.
    let edits = { edited_rows: {}, added_rows: [], deleted_rows: [] };
    let editing = null; // { i, j } of the cell being edited

    // A box per row: to select (OnSelect), or to delete (a dynamic editor).
    const selecting = () => !!props.selection || (editor && !!props.dynamic && !props.disabled);
    const cfg = (j) => (props.config && props.config[j]) || {};
    const type = (j) => cfg(j).type || { number: 'number', bool: 'checkbox', time: 'datetime' }[props.types?.[j]] || 'text';

    function queryKey() {
      return JSON.stringify([sort.col, sort.dir, query.q, query.f]);
    }

    // rowAt returns the index in the data and the cells of the k-th row of
    // the current query, or null while it is being fetched.
    function rowAt(k) {
      if (!props.src) {
        const i = local[k];
        if (i >= props.rows.length) return { i, cells: edits.added_rows[i - props.rows.length] ? addedCells(i) : [] };
        return { i, cells: editedCells(i) };
      }
      const block = cache.get(queryKey())?.get(Math.floor(k / BLOCK));
      if (!block || block.pending) return null;
      const o = k - block.from;
      return o < block.rows.length ? { i: block.index[o], cells: block.rows[o] } : null;
    }

    function editedCells(i) {
      const e = edits.edited_rows[i];
      if (!e) return props.rows[i];
      return props.columns.map((c, j) => (c in e ? e[c] : props.rows[i][j]));
    }

    function addedCells(i) {
      const a = edits.added_rows[i - props.rows.length];
      return props.columns.map((c) => (c in a ? a[c] : null));
    }

    // A small table's order: filtered, searched and sorted here.
    function localOrder() {
      const n = props.rows.length + edits.added_rows.length;
      const deleted = new Set(edits.deleted_rows);
      let idx = [];
      for (let i = 0; i < n; i++) if (!deleted.has(i)) idx.push(i);
      const cellsOf = (i) => (i < props.rows.length ? editedCells(i) : addedCells(i));
      const q = query.q.toLowerCase();
      const fs = Object.entries(query.f).filter(([, t]) => t);
      if (q || fs.length) {
        idx = idx.filter((i) => {
          const cells = cellsOf(i);
          if (q && !cells.some((v) => cellText(v).toLowerCase().includes(q))) return false;
          return fs.every(([j, t]) => matches(cells[j], t, props.numeric[j]));
        });
      }
      if (sort.dir !== 0 && sort.col < props.columns.length) {
        const { col, dir } = sort;
        const numeric = props.numeric[col];
        idx.sort((a, b) => {
          const x = cellsOf(a)[col];
          const y = cellsOf(b)[col];
          if (x == null || y == null) return (x == null) - (y == null);
          return dir * (numeric ? x - y : cellText(x).localeCompare(cellText(y)));
        });
      }
      return idx;
    }

    // matches is a filter as the server reads it: >, <, >=, <=, = for
    // numbers, else text contained, ignoring case.
    function matches(v, t, numeric) {
      t = t.trim();
      const m = numeric && /^(>=|<=|>|<|=)\s*(-?[\d.eE+-]+)$/.exec(t);
      if (m) {
        if (v == null) return false;
        const b = +m[2];
        return { '>=': v >= b, '<=': v <= b, '>': v > b, '<': v < b, '=': v === b }[m[1]];
      }
      return cellText(v).toLowerCase().includes(t.toLowerCase());
    }

    async function fetchBlock(key, b) {
      let blocks = cache.get(key);
      if (!blocks) cache.set(key, (blocks = new Map()));
      if (blocks.has(b)) return;
      blocks.set(b, { pending: true });
      const session = sessionStorage.getItem('gost.session') || '';
      const params = new URLSearchParams({ from: b * BLOCK, to: (b + 1) * BLOCK });
      if (sort.dir !== 0) {
        params.set('sort', sort.col);
        if (sort.dir < 0) params.set('desc', '1');
      }
      if (query.q) params.set('q', query.q);
      for (const [j, t] of Object.entries(query.f)) if (t) params.append('filter', `${j}:${t}`);
      const src = props.src;
      try {
        const r = await fetch(`_gost/rows/${encodeURIComponent(session)}/${encodeURIComponent(src)}?${params}`);
        if (!r.ok) throw new Error(await r.text());
        const a = await r.json();
        if (src !== props.src) return; // the table changed meanwhile
        blocks.set(b, a);
        if (key === queryKey()) {
          total = a.total;
          render();
        }
      } catch (err) {
        blocks.delete(b);
        setText(count, `Could not load rows: ${err.message}`);
      }
    }

    function header() {
      head.replaceChildren();
      filters.replaceChildren();
      if (selecting()) {
        const th = h('th', { class: 'df-select' });
        // Select all, as Streamlit's header box does, for a table the page
        // holds: a million indices would not fit in a message.
        if (!props.src && props.selection !== 'single-row') {
          const all = h('input', { type: 'checkbox', 'aria-label': 'Select all rows' });
          all.checked = !!local?.length && local.every((i) => selected.has(i));
          all.addEventListener('change', () => {
            selected = all.checked ? new Set([...selected, ...local]) : new Set();
            render();
            if (!editor) w?.changed();
          });
          th.append(all);
        }
        head.append(th);
        filters.append(h('th', { class: 'df-select' }));
      }
      for (const j of order) {
        const c = cfg(j);
        // The column's type shows on hover, with its help.
        const kind = type(j);
        const th = h('th', { scope: 'col', class: props.numeric[j] ? 'num' : '', title: c.help ? `${c.help} (${kind})` : kind, 'data-type': kind });
        const dir = sort.col === j ? sort.dir : 0;
        setAttr(th, 'aria-sort', dir === 1 ? 'ascending' : dir === -1 ? 'descending' : 'none');
        const name = c.label || props.columns[j];
        th.append(h('button', {
          type: 'button',
          text: name + (dir === 1 ? ' ▲' : dir === -1 ? ' ▼' : ''),
          onclick: () => {
            // ascending, descending, then back to the order the app sent
            sort = { col: j, dir: sort.col !== j ? 1 : sort.dir === 1 ? -1 : sort.dir === -1 ? 0 : 1 };
            requery();
          },
        }));
        if (c.width) th.style.width = th.style.minWidth = th.style.maxWidth = `${c.width}px`;
        if (c.pinned) th.classList.add('pinned');
        head.append(th);
        const input = h('input', { type: 'text', placeholder: props.numeric[j] ? '> 0' : 'contains', 'aria-label': `Filter ${name}`, value: query.f[j] || '' });
        input.addEventListener('change', () => {
          query.f = { ...query.f, [j]: input.value };
          requery();
        });
        const fth = h('th', { class: c.pinned ? 'pinned' : '' }, input);
        filters.append(fth);
      }
    }

    // requery starts the current order over: from the top, rows fetched
    // or computed anew.
    function requery() {
      if (props.src) {
        // Until the server says, the table's own size.
        total = [...(cache.get(queryKey())?.values() || [])].find((b) => !b.pending)?.total ?? props.total;
      } else {
        local = localOrder();
        total = local.length;
      }
      header();
      scroller.scrollTop = 0;
      render();
    }

    // visible returns how many rows fit, and the first in view.
    function visible() {
      const headH = tableEl.tHead.offsetHeight || ROW_H + 1;
      const viewH = scroller.clientHeight || 24 * 16;
      const fit = Math.max(1, Math.ceil((viewH - headH) / ROW_H) + 1);
      const sizerH = sizer.offsetHeight;
      const maxScroll = Math.max(0, sizerH - viewH);
      const span = Math.max(0, total - fit + 2);
      const first = maxScroll > 0 ? Math.min(span, Math.round((scroller.scrollTop / maxScroll) * span)) : 0;
      return { first, fit };
    }

    function render() {
      // A table the page holds (at most st.InlineRows rows) is drawn whole,
      // as before, so find-in-page and printing see every row; a big one
      // only in view.
      const virtual = !!props.src;
      tableEl.classList.toggle('df-window', virtual);
      const headH = tableEl.tHead.offsetHeight || ROW_H + 1;
      sizer.style.height = virtual ? `${Math.min(MAX_SIZER, headH + total * ROW_H)}px` : '';
      const { first, fit } = virtual ? visible() : { first: 0, fit: total };
      const last = Math.min(total, first + fit);
      if (props.src) {
        const key = queryKey();
        for (let b = Math.floor(first / BLOCK); b <= Math.floor(Math.max(first, last - 1) / BLOCK); b++) {
          if (!cache.get(key)?.has(b) && b * BLOCK < Math.max(total, 1)) fetchBlock(key, b);
        }
      }
      const trs = [];
      for (let k = first; k < last; k++) trs.push(row(k, rowAt(k)));
      body.replaceChildren(...trs);
      pin();
      const of = props.src ? props.total : props.rows.length + edits.added_rows.length - edits.deleted_rows.length;
      const shown = total === of ? `${fmtCount(of)} rows` : `${fmtCount(total)} of ${fmtCount(of)} rows`;
      setText(count, shown);
      delBtn.hidden = !(editor && props.dynamic && selected.size);
    }

    function row(k, r) {
      const tr = h('tr');
      if (!r) {
        tr.className = 'df-loading';
        const n = order.length + (selecting() ? 1 : 0);
        for (let j = 0; j < n; j++) tr.append(h('td', { text: j === 0 ? '…' : '' }));
        return tr;
      }
      tr.dataset.row = r.i;
      if (selecting()) {
        const box = h('input', { type: 'checkbox', 'aria-label': `Select row ${r.i}` });
        box.checked = selected.has(r.i);
        box.addEventListener('change', () => select(r.i, box.checked));
        tr.append(h('td', { class: 'df-select' }, box));
        if (selected.has(r.i)) tr.classList.add('selected');
      }
      for (const j of order) tr.append(cell(r, j));
      return tr;
    }

    function cell(r, j) {
      const v = r.cells[j];
      const c = cfg(j);
      const td = h('td', { class: props.numeric[j] ? 'num' : '' });
      if (c.pinned) td.classList.add('pinned');
      if (editor && editing && editing.i === r.i && editing.j === j) return editorCell(td, r, j, v);
      const t = type(j);
      if (t === 'checkbox') {
        const box = h('input', { type: 'checkbox', 'aria-label': props.columns[j] });
        box.checked = !!v;
        box.disabled = !editor || !!c.disabled || !!props.disabled;
        if (editor) box.addEventListener('change', () => setCell(r.i, j, box.checked));
        td.append(box);
        return td;
      }
      if (t === 'link' && typeof v === 'string' && /^(https?:|mailto:)/i.test(v)) {
        td.append(h('a', { href: v, target: '_blank', rel: 'noopener noreferrer', text: v }));
      } else if (t === 'image' && typeof v === 'string' && /^(https?:|data:image\/)/i.test(v)) {
        td.append(h('img', { src: v, alt: '', class: 'df-img' }));
      } else if (t === 'progress' && typeof v === 'number') {
        // An end at 0 is left out; the server sends max 1 for a column
        // without ends, so an absent max is 0 (a bar from -10 to 0).
        const lo = c.min || 0;
        const hi = c.max || 0;
        const pct = Math.max(0, Math.min(100, ((v - lo) / (hi - lo)) * 100));
        const fill = h('div', { class: 'df-bar-fill' });
        fill.style.width = `${pct}%`;
        td.append(h('div', { class: 'df-progress' }, h('div', { class: 'df-bar' }, fill), h('span', { text: c.format ? formatNumber(v, c.format) : cellText(v) })));
      } else {
        setText(td, typeof v === 'number' && c.format ? formatNumber(v, c.format) : cellText(v));
      }
      if (editor && !c.disabled && !props.disabled) td.addEventListener('dblclick', () => startEdit(r.i, j));
      return td;
    }

    function startEdit(i, j) {
      editing = { i, j };
      render();
      body.querySelector('input.df-edit')?.focus();
    }

    function editorCell(td, r, j, v) {
      const numeric = props.numeric[j];
      const input = h('input', { class: 'df-edit', type: numeric ? 'number' : 'text', step: 'any', value: v == null ? '' : String(v), 'aria-label': `Edit ${props.columns[j]}` });
      let done = false;
      const finish = (save) => {
        if (done) return;
        done = true;
        editing = null;
        if (save) {
          const raw = input.value;
          const nv = numeric ? (raw.trim() === '' ? null : Number(raw)) : raw;
          if (!(numeric && Number.isNaN(nv)) && !same(nv, v)) {
            setCell(r.i, j, nv);
            return;
          }
        }
        render();
      };
      input.addEventListener('keydown', (e) => {
        if (e.key === 'Enter') finish(true);
        else if (e.key === 'Escape') finish(false);
      });
      input.addEventListener('blur', () => finish(true));
      td.append(input);
      return td;
    }

    // setCell records an edit as Streamlit's deltas do and sends them.
    function setCell(i, j, v) {
      const col = props.columns[j];
      if (i >= props.rows.length) {
        edits.added_rows[i - props.rows.length][col] = v;
      } else {
        const e = (edits.edited_rows[i] ||= {});
        if (same(v, props.rows[i][j])) delete e[col];
        else e[col] = v;
        if (!Object.keys(e).length) delete edits.edited_rows[i];
      }
      commit();
    }

    function select(i, on) {
      if (props.selection === 'single-row') selected = new Set(on ? [i] : []);
      else if (on) selected.add(i);
      else selected.delete(i);
      const all = head.querySelector('input');
      if (all && local) all.checked = local.length > 0 && local.every((k) => selected.has(k));
      render();
      if (!editor) w?.changed();
    }

    function commit() {
      if (!props.src) local = localOrder();
      total = props.src ? total : local.length;
      render();
      w?.changed();
    }

    addBtn.addEventListener('click', () => {
      edits.added_rows.push({});
      commit();
      scroller.scrollTop = scroller.scrollHeight;
      render();
    });
    delBtn.addEventListener('click', () => {
      for (const i of selected) {
        if (i >= props.rows.length) continue;
        if (!edits.deleted_rows.includes(i)) edits.deleted_rows.push(i);
      }
      // Added rows deleted are simply dropped, from the last so indices hold.
      const added = [...selected].filter((i) => i >= props.rows.length).sort((a, b) => b - a);
      for (const i of added) edits.added_rows.splice(i - props.rows.length, 1);
      edits.deleted_rows.sort((a, b) => a - b);
      selected = new Set();
      commit();
    });

    // pin keeps pinned columns at the left as the table scrolls sideways:
    // each is stuck at the width of the pinned columns before it.
    function pin() {
      let left = selecting() ? head.firstChild?.offsetWidth || 0 : 0;
      const ths = [...head.children];
      const start = selecting() ? 1 : 0;
      order.forEach((j, k) => {
        if (!cfg(j).pinned) return;
        const th = ths[start + k];
        if (!th) return;
        th.style.left = `${left}px`;
        for (const tr of body.children) if (tr.children[start + k]) tr.children[start + k].style.left = `${left}px`;
        left += th.offsetWidth;
      });
    }

    let searchTimer = 0;
    search.addEventListener('input', () => {
      clearTimeout(searchTimer);
      searchTimer = setTimeout(() => {
        query.q = search.value;
        requery();
      }, 200);
    });
    filterBtn.addEventListener('click', () => {
      filters.hidden = !filters.hidden;
      setAttr(filterBtn, 'aria-pressed', String(!filters.hidden));
      render();
    });
    // Measured once in the page: before, the sizes are guesses.
    new ResizeObserver(() => props.src && render()).observe(scroller);
    let frameReq = 0;
    scroller.addEventListener('scroll', () => {
      if (frameReq || !props.src) return;
      frameReq = requestAnimationFrame(() => {
        frameReq = 0;
        render();
      });
    });

    if (w) {
      w.read = () => (editor ? structuredClone(edits) : [...selected].sort((a, b) => a - b));
    }

    const impl = {
      el,
      update(p, first) {
        const next = { ...p, columns: p.columns || [], rows: p.rows || [], numeric: p.numeric || [], types: p.types || [] };
        if (!same(next.columns, props.columns)) {
          sort = { col: -1, dir: 0 };
          query = { q: '', f: {} };
          search.value = '';
        }
        if (next.src !== props.src) cache = new Map();
        props = next;
        order = props.columns.map((_, j) => j).filter((j) => !cfg(j).hidden);
        order = [...order.filter((j) => cfg(j).pinned), ...order.filter((j) => !cfg(j).pinned)];
        if (props.src) {
          // The rows the page came with are the first of the app's order.
          const key = JSON.stringify([-1, 0, '', {}]);
          if (!cache.has(key)) cache.set(key, new Map());
          cache.get(key).set(0, { from: 0, total: props.total, index: props.rows.map((_, k) => k), rows: props.rows });
        }
        // Width (st.Width) in CSS pixels; the stylesheet keeps it within its column.
        frame.style.width = p.width > 0 ? `${p.width}px` : '';
        setAttr(frame, 'title', p.help);
        addBtn.hidden = !(editor && p.dynamic);
        if (w && editor) {
          w.sync(p.value || { edited_rows: {}, added_rows: [], deleted_rows: [] }, first, (x) => { edits = structuredClone(x); });
        } else if (w) {
          w.sync(p.selected || [], first, (x) => { selected = new Set(x); });
        }
        if (props.src) {
          const known = [...(cache.get(queryKey())?.values() || [])].find((b) => !b.pending);
          total = known ? known.total : props.total;
        } else {
          local = localOrder();
          total = local.length;
        }
        header();
        render();
      },
      placed() {
        render();
      },
    };
    if (w) {
      w.update = impl.update;
      w.placed = impl.placed;
      return w;
    }
    return impl;
  };
}

const fmtCount = (n) => n.toLocaleString('en-US');

export default {
  dataframe: dataframe(false),
  data_editor: dataframe(true),
};
