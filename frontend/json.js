// json: a collapsible tree of any JSON value, built from <details> so it opens
// and closes with the keyboard without any script of its own.

import { h } from './dom.js';

function preview(v) {
  if (Array.isArray(v)) return `[…] ${v.length} item${v.length === 1 ? '' : 's'}`;
  const n = Object.keys(v).length;
  return `{…} ${n} key${n === 1 ? '' : 's'}`;
}

function leaf(v) {
  const type = v === null ? 'null' : typeof v;
  return h('span', { class: `jv j-${type}`, text: type === 'string' ? JSON.stringify(v) : String(v) });
}

// open(path) decides each branch: the initial expanded flag, or after a value
// change what the user had open, so an update does not fold the tree shut.
function branch(key, v, path, open) {
  const head = key == null ? [] : [h('span', { class: 'jk', text: `${key}:` }), ' '];
  if (v === null || typeof v !== 'object') return h('div', { class: 'jl' }, ...head, leaf(v));
  const d = h('details', { class: 'jb' });
  d.dataset.path = path;
  d.open = open(path);
  const entries = Array.isArray(v) ? v.map((x, i) => [i, x]) : Object.entries(v);
  d.append(h('summary', {}, ...head, h('span', { class: 'jp', text: preview(v) })),
    ...entries.map(([k, x]) => branch(k, x, `${path}/${k}`, open)));
  return d;
}

export default function json() {
  const el = h('div', { class: 'json' });
  let last;
  return {
    el,
    update(p, first) {
      const s = JSON.stringify(p.value);
      if (s === last) return;
      last = s;
      const was = new Set([...el.querySelectorAll('details[open]')].map((d) => d.dataset.path));
      el.replaceChildren(branch(null, p.value ?? null, '', first ? () => !!p.expanded : (path) => was.has(path)));
    },
  };
}
