// The page mirrors the server's element tree. Each node keeps its kind, id,
// DOM element and children, so ops find their target by path without
// searching the DOM, and a props op reaches the very element it updates.

import { OP_SET, OP_PROPS, OP_TRIM, OP_FRESH } from './protocol.js';
import { h } from './dom.js';
import { withDefaults } from './defaults.js';
import elements from './elements.js';
import widgets from './widgets.js';
import multiselect from './multiselect.js';
import layout from './layout.js';
import pages from './nav.js';
import { sidebarShown } from './page.js';
import pick from './pick.js';
import floating from './dialog.js';
import frames from './frame.js';
import component from './component.js';
import live from './live.js';

const kinds = { ...elements, ...widgets, multiselect, ...layout, ...pages, ...pick, ...floating, ...frames, component, ...live };

// Thrown when an op does not fit the page: the two sides disagree, and only
// a fresh start (reconnect, full page) brings them together again.
export class Desync extends Error {}

function unknown(node) {
  console.warn('gost: unknown element kind', node.k);
  const el = h('div', { class: 'unknown' });
  return { el, body: el, update() {} };
}

export class Tree {
  // hosts: the elements the main and sidebar blocks live in.
  constructor(hosts, ctx) {
    this.hosts = hosts;
    this.ctx = ctx;
    this.reset();
  }

  reset() {
    this.root = { children: [] };
    ['main', 'sidebar'].forEach((name, i) => this.put(this.root, i, { k: 'block', p: { name } }));
    this.layoutRoot();
  }

  build(n) {
    const impl = (kinds[n.k] || unknown)(n, this.ctx);
    const node = { k: n.k, id: n.id, impl, children: [] };
    impl.props = withDefaults(n.k, n.p);
    impl.update(impl.props, true);
    for (const c of n.c || []) {
      if (!impl.body) throw new Desync(`children under ${n.k}`);
      const child = this.build(c);
      node.children.push(child);
      impl.body.append(child.impl.el);
    }
    impl.placed?.();
    return node;
  }

  at(path) {
    let node = this.root;
    for (const i of path) {
      node = node.children[i];
      if (!node) throw new Desync(`no node at [${path}]`);
    }
    return node;
  }

  put(parent, i, n) {
    const kids = parent.children;
    if (i > kids.length) throw new Desync(`set past the end at ${i}`);
    const node = this.build(n);
    if (parent === this.root) this.hosts[i]?.replaceChildren(node.impl.el);
    else if (i < kids.length) kids[i].impl.el.replaceWith(node.impl.el);
    else parent.impl.body.append(node.impl.el);
    kids[i] = node;
    parent.impl?.placed?.();
  }

  apply(ops) {
    for (const op of ops || []) {
      const path = op.p || [];
      if (op.op === OP_SET) {
        if (!path.length || (path.length === 1 && path[0] > 1)) throw new Desync(`set at [${path}]`);
        this.put(this.at(path.slice(0, -1)), path[path.length - 1], op.n);
      } else if (op.op === OP_PROPS) {
        const node = this.at(path);
        node.impl.props = withDefaults(node.k, op.v);
        node.impl.update(node.impl.props, false);
        node.impl.el.classList.remove('stale');
      } else if (op.op === OP_TRIM) {
        const node = this.at(path);
        if (!node.impl?.body) throw new Desync(`trim of a ${node.k}`);
        for (const c of node.children.splice(op.n)) c.impl.el.remove();
        node.impl.placed?.();
      } else if (op.op === OP_FRESH) {
        this.freshen(this.at(path), op.n);
      } else {
        console.warn('gost: unknown op', op);
      }
    }
    this.layoutRoot();
  }

  // An append message: text streamed into the stream element at m.p.
  append(m) {
    const node = this.at(m.p || []);
    if (!node.impl.append) throw new Desync(`append to a ${node.k}`);
    node.impl.append(m);
    node.impl.el.classList.remove('stale');
  }

  layoutRoot() {
    // An empty sidebar takes no room.
    const side = this.hosts[1];
    if (side) {
      side.hidden = !this.root.children[1]?.children.length;
      if (side.id === 'sidebar') sidebarShown(!side.hidden);
    }
  }

  // Fade what the last run drew until this run touches it again. Only leaves
  // fade: a faded container would dim its fresh children along with it.
  // A run of fragments (keys) fades only what they hold.
  fade(keys) {
    const walk = (n) => {
      if (n.impl.body) n.children.forEach(walk);
      else n.impl.el.classList.add('stale');
    };
    if (!keys?.length) {
      this.root.children.forEach(walk);
      return;
    }
    const ids = new Set(keys.map((k) => `fragment:${k}`));
    const find = (n) => (ids.has(n.id) ? walk(n) : n.children.forEach(find));
    this.root.children.forEach(find);
  }

  // The run still going has drawn the first n children of node again: all
  // of those before the last, and the last itself (a later fresh op covers
  // what is inside it, if it is a container).
  freshen(node, n) {
    node.children.slice(0, n).forEach((c, i) => {
      if (!c.impl.body) c.impl.el.classList.remove('stale');
      else if (i < n - 1) for (const el of c.impl.el.querySelectorAll('.stale')) el.classList.remove('stale');
    });
  }

  unfade() {
    for (const host of this.hosts) for (const el of host.querySelectorAll('.stale')) el.classList.remove('stale');
  }

  // Every value the page holds, for hello.
  values() {
    const out = {};
    for (const host of this.hosts) {
      for (const el of host.querySelectorAll('[data-wid]')) {
        const w = el.gost;
        if (w?.read && w.committed !== undefined) out[w.id] = w.committed;
      }
    }
    return out;
  }
}
