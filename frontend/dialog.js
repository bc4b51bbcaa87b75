// dialog and popover: containers that float over the page.
//
// A dialog is a native <dialog> shown modal: the browser keeps focus inside
// it and makes the page behind inert. Whether it is open is the server's
// (st.Dialog): the page opens and closes it as the props say, and when the
// user closes it (Esc, ×, a click on the backdrop) it tells the server, so
// the next run does not open it again.

import { h, setText, setAttr } from './dom.js';

function dialog(node, ctx) {
  const title = h('h2', { class: 'dialog-title' });
  const close = h('button', { type: 'button', class: 'dialog-close', 'aria-label': 'Close', text: '×' });
  const body = h('div', { class: 'dialog-body' });
  const el = h('dialog', { class: 'dialog' }, h('div', { class: 'dialog-head' }, title, close), body);
  el.dataset.did = node.id;
  let p = {};
  const dismiss = () => {
    if (!p.dismissible || !el.open) return;
    el.close();
    p = { ...p, open: false };
    ctx.send({ [node.id]: false });
  };
  close.addEventListener('click', dismiss);
  // Esc: the browser would close it on its own; the server must know.
  el.addEventListener('cancel', (e) => {
    e.preventDefault();
    dismiss();
  });
  // A click on the backdrop lands on the <dialog> itself, outside its box.
  el.addEventListener('click', (e) => {
    if (e.target !== el) return;
    const r = el.getBoundingClientRect();
    if (e.clientX < r.left || e.clientX > r.right || e.clientY < r.top || e.clientY > r.bottom) dismiss();
  });
  // showModal needs the element in the document, which a new node is only
  // once the tree has placed it.
  const sync = () => {
    if (!el.isConnected) return;
    if (p.open && !el.open) el.showModal();
    else if (!p.open && el.open) el.close();
  };
  return {
    el,
    body,
    update(np) {
      p = np;
      setText(title, p.title);
      setAttr(el, 'aria-label', p.title);
      close.hidden = !p.dismissible;
      el.style.width = p.width ? `min(${p.width}px, calc(100vw - 2rem))` : '';
      queueMicrotask(sync);
    },
  };
}

// A popover: a button that shows its content in a panel below it. Open or
// closed is the page's own, as for an expander; a click elsewhere or Esc
// closes it.
function popover(node) {
  const summary = h('summary', { class: 'btn' });
  const body = h('div', { class: 'popover-body' });
  const el = h('details', { class: 'popover' }, summary, body);
  el.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape' || !el.open) return;
    el.open = false;
    summary.focus();
  });
  return {
    el,
    body,
    update(p) {
      setText(summary, p.label);
      setAttr(summary, 'title', p.help);
      el.classList.toggle('disabled', !!p.disabled);
      setAttr(summary, 'aria-disabled', p.disabled ? 'true' : null);
      if (p.disabled) el.open = false;
    },
  };
}

document.addEventListener('click', (e) => {
  for (const d of document.querySelectorAll('details.popover[open]')) if (!d.contains(e.target)) d.open = false;
});
document.addEventListener('click', (e) => {
  const s = e.target.closest?.('details.popover.disabled > summary');
  if (s) e.preventDefault();
}, true);

export default { dialog, popover };
