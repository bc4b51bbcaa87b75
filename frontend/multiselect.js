// multiselect: the chosen options as removable chips, and a dropdown
// (<details>) of checkboxes to choose more. A native <select> would add an
// option on every arrow key press on some platforms; checkboxes let keyboard
// users move freely and choose with Space.

import { h, uid, setAttr, setText } from './dom.js';
import { base, common } from './widget.js';

// One listener for all dropdowns: a click elsewhere closes them.
document.addEventListener('click', (e) => {
  for (const d of document.querySelectorAll('details.ms-drop[open]')) if (!d.contains(e.target)) d.open = false;
});

export default function multiselect(node, ctx) {
  const w = base(node, ctx, 'multiselect');
  const lid = uid(), sid = uid();
  const text = h('span');
  const mark = h('span', { class: 'help-mark', 'aria-hidden': 'true', text: '?' });
  const chips = h('ul', { class: 'chips', 'aria-label': 'Selected' });
  const summaryText = h('span', { id: sid });
  const summary = h('summary', { 'aria-labelledby': `${lid} ${sid}` }, summaryText);
  const list = h('div', { class: 'ms-list', role: 'group', 'aria-labelledby': lid });
  const drop = h('details', { class: 'ms-drop' }, summary, list);
  w.el.append(h('span', { class: 'label wlabel', id: lid }, text, mark), chips, drop);
  drop.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape' || !drop.open) return;
    drop.open = false;
    summary.focus();
  });

  let p = {}, chosen = [], boxes = [], shownOpts;
  const toggle = (i, on) => {
    chosen = on ? [...chosen.filter((j) => j !== i), i] : chosen.filter((j) => j !== i);
    render();
    w.changed();
  };

  // The checkboxes stay put (focus stays on the one in use); chips and the
  // summary are redrawn from chosen.
  const render = () => {
    const opts = p.options || [];
    if (JSON.stringify(opts) !== shownOpts) {
      shownOpts = JSON.stringify(opts);
      boxes = opts.map((o, i) => h('input', { type: 'checkbox', onchange: (e) => toggle(i, e.target.checked) }));
      list.replaceChildren(...opts.map((o, i) => h('label', { class: 'check' }, boxes[i], h('span', { text: o }))));
    }
    chosen = chosen.filter((i) => i >= 0 && i < opts.length);
    boxes.forEach((b, i) => { b.checked = chosen.includes(i); b.disabled = !!p.disabled; });
    chips.replaceChildren(...chosen.map((i) => h('li', { class: 'chip' },
      h('span', { text: opts[i] }),
      h('button', {
        type: 'button', 'aria-label': `Remove ${opts[i]}`, text: '×', disabled: !!p.disabled,
        onclick: () => { toggle(i, false); summary.focus(); },
      }))));
    setText(summaryText, chosen.length ? `${chosen.length} selected` : (p.placeholder || 'Choose options'));
  };

  w.read = () => chosen.slice();
  w.update = (np, first) => {
    p = np;
    common(w, p, null, { text, mark });
    setAttr(summary, 'aria-description', p.help);
    drop.inert = !!p.disabled;
    if (p.disabled) drop.open = false;
    w.sync(p.indices || [], first, (v) => { chosen = v.slice(); });
    render();
  };
  return w;
}
