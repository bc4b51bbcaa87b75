// What every widget shares: the wrapper that carries the widget id (forms and
// hello find widgets through it), a real <label>, help, disabled, and the
// bookkeeping of the value the server and the page last agreed on.

import { h, uid, setAttr, setText, same } from './dom.js';

export function base(node, ctx, cls) {
  const w = {
    id: node.id,
    el: h('div', { class: `widget ${cls}` }),
    // The value the server last used or the page last sent. Hello resends it
    // and sync compares against it, so a control the user is still editing is
    // only overwritten when the server means it.
    committed: undefined,
  };
  w.el.dataset.wid = node.id;
  w.el.gost = w;
  w.changed = () => {
    const v = w.read();
    if (same(v, w.committed)) return;
    // Inside a form the value waits in the control until the submit button.
    if (w.el.closest('.form')) return;
    w.committed = v;
    ctx.send({ [w.id]: v });
  };
  // Echoes of the user's own input and values the user is still editing
  // past are left alone; a value the server changed is written. A new
  // control is always written: read() may stand in for what it does not
  // show yet (an empty number field reads as 0, and would stay empty).
  // A value from a run that has not applied the user's last edit of this
  // widget is older than the edit: the control and what it holds as sent
  // stay (a control the run draws anew, which holds nothing yet, shows the
  // edit), and the run that applies the edit says what the value is. A
  // form that clears on submit writes its defaults (first, not new) even
  // so.
  w.sync = (v, first, write) => {
    const edit = ctx.pending?.(w.id);
    if (edit && w.committed === undefined) v = edit.v;
    else if (edit && !first) return;
    if (first || (!same(v, w.committed) && !same(v, w.read()))) write(v);
    w.committed = v;
  };
  return w;
}

// submitOnEnter is what Enter does in a text or number field inside a form,
// as in Streamlit: it sends the form, with a click on the form's first
// submit button, unless that button is disabled. It reports whether the
// field is in a form.
export function submitOnEnter(w) {
  const form = w.el.closest('.form');
  if (!form) return false;
  const submit = form.querySelector('.form-submit button');
  if (submit && !submit.disabled) submit.click();
  return true;
}

// A label for a control, with help shown as a hover mark next to it.
export function label(forId) {
  const text = h('span');
  const mark = h('span', { class: 'help-mark', 'aria-hidden': 'true', text: '?' });
  const el = forId ? h('label', { for: forId, class: 'wlabel' }, text, mark) : h('legend', { class: 'wlabel' }, text, mark);
  return { el, text, mark };
}

export function common(w, p, control, lab) {
  if (lab) {
    setText(lab.text, p.label);
    setAttr(lab.mark, 'title', p.help);
    lab.mark.hidden = !p.help;
  }
  setAttr(w.el, 'title', p.help);
  if (control) {
    setAttr(control, 'aria-description', p.help);
    control.disabled = !!p.disabled;
  }
  w.el.classList.toggle('disabled', !!p.disabled);
  // "hidden" keeps the label's room, "collapsed" gives it up; screen
  // readers read it either way.
  w.el.classList.toggle('label-hidden', p.label_visibility === 'hidden');
  w.el.classList.toggle('label-collapsed', p.label_visibility === 'collapsed');
}

// A plain labelled control: label above, control below.
export function field(node, ctx, cls, control) {
  const w = base(node, ctx, cls);
  control.id = uid();
  const lab = label(control.id);
  w.el.append(lab.el, control);
  return { w, lab };
}
