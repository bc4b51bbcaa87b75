// multiselect: the chosen options as removable chips, followed by a native
// <select> that adds one more. Both parts are plain buttons and a select, so
// keyboard and screen reader use come for free.

import { h } from './dom.js';
import { field, common } from './widget.js';

export default function multiselect(node, ctx) {
  const add = h('select');
  const { w, lab } = field(node, ctx, 'multiselect', add);
  const chips = h('ul', { class: 'chips', 'aria-label': 'Selected' });
  add.before(chips);
  let p = {}, chosen = [];

  // Rebuild the chips and the remaining options from chosen; the select keeps
  // focus because it is never replaced.
  const render = () => {
    const opts = p.options || [];
    chosen = chosen.filter((i) => i >= 0 && i < opts.length);
    chips.replaceChildren(...chosen.map((i, pos) => h('li', { class: 'chip' },
      h('span', { text: opts[i] }),
      h('button', {
        type: 'button', 'aria-label': `Remove ${opts[i]}`, text: '×', disabled: !!p.disabled,
        onclick: () => {
          chosen.splice(pos, 1);
          render();
          add.focus();
          w.changed();
        },
      }))));
    const left = opts.map((o, i) => i).filter((i) => !chosen.includes(i));
    const ph = p.placeholder || (left.length ? 'Choose options' : 'No more options');
    add.replaceChildren(h('option', { value: '-1', text: ph }),
      ...left.map((i) => h('option', { value: i, text: opts[i] })));
    add.value = '-1';
  };

  w.read = () => chosen.slice();
  add.addEventListener('change', () => {
    if (add.value === '-1') return;
    chosen.push(Number(add.value));
    render();
    w.changed();
  });
  let shown;
  w.update = (np) => {
    p = np;
    common(w, p, add, lab);
    w.sync(p.indices || [], !shown, (v) => { chosen = v.slice(); });
    // Re-render only on news, so a rerun does not close a list the user has open.
    const sig = JSON.stringify([p.options, p.placeholder, p.disabled, chosen]);
    if (sig !== shown) { shown = sig; render(); }
  };
  return w;
}
