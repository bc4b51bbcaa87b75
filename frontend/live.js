// Elements that change while a run goes on, and the chat: streamed text,
// placeholders, statuses, toasts, chat messages and the chat input. Every
// kind is create(node, ctx) → {el, update(props, first)}; containers have
// a body.

import { h, setAttr, setText, setHTML } from './dom.js';
import { base, common } from './widget.js';

// Text streamed by st.WriteStream: the complete blocks as HTML the server
// rendered, the block still arriving as the server last rendered it, and
// the raw words that came since, written into that block's last paragraph
// (or list item, or heading, or code) so they read on from it. Append
// messages (tree.js) add to these without rewriting what is shown; the
// server sends raw only what shows as its rendering would.
const BLOCKS = new Set(['P', 'UL', 'OL', 'LI', 'BLOCKQUOTE', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'PRE', 'TABLE', 'TBODY', 'TR', 'TD', 'TH']);

function stream() {
  const done = h('div', { class: 'stream-html' });
  const open = h('div', { class: 'stream-open' });
  const el = h('div', { class: 'markdown stream' }, done, open);
  let tail = null; // the text node of the raw words

  // Where raw words go: the innermost block at the end of the open block.
  const place = () => {
    let at = open;
    for (let c = at.lastElementChild; c && BLOCKS.has(c.tagName); c = c.lastElementChild) at = c;
    if (at.tagName === 'PRE' && at.lastElementChild?.tagName === 'CODE') at = at.lastElementChild;
    tail = document.createTextNode('');
    at.append(tail);
  };
  const setOpen = (html) => {
    open.innerHTML = html;
    place();
  };
  return {
    el,
    update(p) {
      setHTML(done, p.html);
      setOpen('');
      tail.textContent = p.text || '';
    },
    // The server's append message (+): html adds complete blocks and
    // clears the rest; open replaces the block still arriving; text is raw
    // words.
    append(m) {
      if (m.html != null) {
        done.insertAdjacentHTML('beforeend', m.html);
        done.gostHTML = undefined; // the next props op writes it whole
        setOpen('');
      }
      if (m.open != null) setOpen(m.open);
      tail.textContent += m.text || '';
    },
  };
}

// A placeholder (st.Empty): a container of one element.
function empty() {
  const el = h('div', { class: 'slot' });
  return { el, body: el, update() {} };
}

const STATE_ICON = { running: '', complete: '✓', error: '×' };

function status() {
  const icon = h('span', { class: 'status-icon', 'aria-hidden': 'true' });
  const label = h('span');
  const summary = h('summary', {}, icon, label);
  const body = h('div', { class: 'expander-body' });
  const el = h('details', { class: 'expander status' }, summary, body);
  return {
    el,
    body,
    update(p, first) {
      const state = STATE_ICON[p.state] !== undefined ? p.state : 'running';
      el.dataset.state = state;
      setText(label, p.label);
      setText(icon, state === 'complete' && p.icon ? p.icon : STATE_ICON[state]);
      setAttr(summary, 'aria-busy', state === 'running' ? 'true' : null);
      if (first) el.open = !!p.expanded;
    },
  };
}

// Toasts float in a stack in the corner and go by themselves; the node in
// the tree only brings one (each toast has an id of its own).
const TOAST_MS = 4000;
// A page that reconnects is sent its toasts again: each id shows once.
const shownToasts = new Set();
function toast(node) {
  const el = h('div', { class: 'toast-anchor', hidden: true });
  const body = h('div', { class: 'toast-body' });
  const icon = h('span', { class: 'toast-icon', 'aria-hidden': 'true' });
  const close = h('button', { type: 'button', class: 'dismiss', 'aria-label': 'Dismiss', text: '×' });
  const box = h('div', { class: 'toast', role: 'status' }, icon, body, close);
  const go = () => {
    box.classList.add('leaving');
    setTimeout(() => box.remove(), 300);
  };
  close.addEventListener('click', go);
  let shown = false;
  return {
    el,
    update(p) {
      setText(icon, p.icon);
      icon.hidden = !p.icon;
      setHTML(body, p.html);
      if (shown || shownToasts.has(node.id)) return;
      shown = true;
      shownToasts.add(node.id);
      let stack = document.getElementById('toasts');
      if (!stack) {
        stack = h('div', { id: 'toasts', 'aria-live': 'polite' });
        document.body.append(stack);
      }
      stack.append(box);
      setTimeout(go, TOAST_MS);
    },
  };
}

// The icons of the two roles every chat has, drawn as glyphs in a circle
// (emoji fonts are missing on many systems); other roles show an initial.
const ROLE_ICON = { user: '☺', assistant: '✦' };

function chatMessage() {
  const avatar = h('div', { class: 'chat-avatar', 'aria-hidden': 'true' });
  const body = h('div', { class: 'chat-body' });
  const el = h('div', { class: 'chat-message' }, avatar, body);
  return {
    el,
    body,
    update(p) {
      el.dataset.role = p.role || '';
      setAttr(el, 'aria-label', p.role ? `${p.role} message` : 'message');
      if (p.avatar_url) {
        avatar.replaceChildren(h('img', { src: p.avatar_url, alt: '' }));
      } else {
        const text = p.avatar || ROLE_ICON[p.role] || [...(p.role || '?')][0].toUpperCase();
        avatar.replaceChildren(text);
      }
      avatar.classList.toggle('custom', !!(p.avatar || p.avatar_url));
    },
  };
}

// The chat input: Enter (or the arrow) sends the text, once, and empties
// the box; Shift+Enter is a new line. It sends its value only on submit,
// and never in hello: a message must not be sent twice by a reconnect.
function chatInput(node, ctx) {
  const w = base(node, ctx, 'chat-input');
  const area = h('textarea', { rows: 1, 'aria-label': 'Chat message' });
  const send = h('button', { type: 'button', class: 'chat-send', 'aria-label': 'Send', text: '➤' });
  const count = h('span', { class: 'chat-count' });
  w.el.append(h('div', { class: 'chat-box' }, area, send), count);
  let max = 0;
  const fit = () => {
    area.style.height = 'auto';
    area.style.height = `${Math.min(area.scrollHeight, 200)}px`;
    count.textContent = max ? `${[...area.value].length}/${max}` : '';
    send.disabled = area.disabled || !area.value.trim();
  };
  const submit = () => {
    const text = area.value;
    if (!text.trim() || area.disabled || (max && [...text].length > max)) return;
    area.value = '';
    fit();
    ctx.send({ [w.id]: text });
  };
  area.addEventListener('input', fit);
  let shift = false;
  area.addEventListener('keydown', (e) => {
    shift = e.shiftKey;
    if (e.key !== 'Enter' || e.shiftKey || e.isComposing) return;
    e.preventDefault();
    submit();
  });
  // Some input methods (and automation) insert the line break without a
  // keydown to cancel: Enter alone never adds one.
  area.addEventListener('beforeinput', (e) => {
    if (e.inputType === 'insertLineBreak' && !shift) e.preventDefault();
  });
  send.addEventListener('click', submit);
  w.update = (p) => {
    common(w, { ...p, label: '' }, area);
    setAttr(area, 'placeholder', p.placeholder);
    setAttr(area, 'aria-label', p.placeholder || 'Chat message');
    max = p.max_chars > 0 ? p.max_chars : 0;
    setAttr(area, 'maxlength', max || null);
    fit();
  };
  return w;
}

export default {
  stream,
  empty,
  status,
  toast,
  chat_message: chatMessage,
  chat_input: chatInput,
};
