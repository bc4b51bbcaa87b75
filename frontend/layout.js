// Containers. Besides {el, update} they have body, the element their children
// go into, and may have placed(children), called after their children change.

import { h, uid, setText, same } from './dom.js';

const box = (cls, tag = 'div') => () => {
  const el = h(tag, { class: cls });
  return { el, body: el, update() {} };
};

function block() {
  const el = h('div', { class: 'block' });
  return { el, body: el, update(p) { el.dataset.name = p.name || ''; } };
}

function container() {
  const el = h('div', { class: 'container' });
  return { el, body: el, update(p) { el.classList.toggle('border', !!p.border); } };
}

// A fragment (st.Fragment) reruns on its own; the run message names the
// fragments it reruns by key, and only they fade (tree.js).
function fragment() {
  const el = h('div', { class: 'fragment' });
  return { el, body: el, update(p) { el.dataset.fragment = p.key || ''; } };
}

function columns() {
  const el = h('div', { class: 'columns' });
  return {
    el,
    body: el,
    update(p) {
      // A custom property, so the narrow-screen rule can still stack them.
      const w = (p.widths || []).map((x) => `minmax(0, ${Number(x) > 0 ? Number(x) : 1}fr)`);
      el.style.setProperty('--cols', w.join(' ') || '1fr');
    },
  };
}

// The chosen tab is the page's business only; remembering it by the labels
// lets it survive reruns and even a rebuilt tabs element.
const chosenTab = new Map();

function tabs() {
  const list = h('div', { role: 'tablist' });
  const body = h('div', { class: 'panels' });
  const el = h('div', { class: 'tabs' }, list, body);
  let labels = [], key = '', buttons = [], panels = [];
  const gid = uid();

  const select = (i, focus) => {
    chosenTab.set(key, i);
    buttons.forEach((b, j) => {
      b.setAttribute('aria-selected', String(i === j));
      b.tabIndex = i === j ? 0 : -1;
    });
    panels.forEach((p, j) => { p.hidden = i !== j; });
    if (focus) buttons[i]?.focus();
  };
  const current = () => Math.min(chosenTab.get(key) ?? 0, Math.max(0, labels.length - 1));

  list.addEventListener('keydown', (e) => {
    const n = buttons.length;
    const i = buttons.indexOf(document.activeElement);
    if (i < 0 || !n) return;
    const to = { ArrowRight: (i + 1) % n, ArrowLeft: (i - 1 + n) % n, Home: 0, End: n - 1 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    select(to, true);
  });

  return {
    el,
    body,
    update(p) {
      if (same(labels, p.labels)) return;
      labels = p.labels || [];
      key = JSON.stringify(labels);
      buttons = labels.map((l, i) => h('button', {
        type: 'button', role: 'tab', id: `${gid}-t${i}`, 'aria-controls': `${gid}-p${i}`, text: l,
        onclick: () => select(i, false),
      }));
      list.replaceChildren(...buttons);
      this.placed();
    },
    placed() {
      panels = [...body.children];
      panels.forEach((p, i) => {
        p.id = `${gid}-p${i}`;
        p.setAttribute('role', 'tabpanel');
        p.setAttribute('aria-labelledby', `${gid}-t${i}`);
      });
      select(current(), false);
    },
  };
}

function expander() {
  const summary = h('summary');
  const body = h('div', { class: 'expander-body' });
  const el = h('details', { class: 'expander' }, summary, body);
  return {
    el,
    body,
    update(p, first) {
      setText(summary, p.label);
      // Only the first render opens or closes it; after that it is the user's.
      if (first) el.open = !!p.expanded;
    },
  };
}

function form() {
  const el = h('div', { class: 'form' });
  return {
    el,
    body: el,
    update(p) {
      el.dataset.key = p.key || '';
      el.dataset.clear = p.clear_on_submit ? '1' : '';
    },
  };
}

export default {
  block,
  container,
  fragment,
  columns,
  column: box('column'),
  tabs,
  tab: box('tab'),
  expander,
  form,
};
