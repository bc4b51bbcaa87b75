// Elements that only show something. Every kind is create(node, ctx) →
// {el, update(props, first)}.

import { h, setAttr, setText, setHTML } from './dom.js';
import json from './json.js';
import chart from './chart.js';
import echarts from './echarts.js';
import data from './data.js';
import dataframe from './dataframe.js';
import image from './image.js';
import media from './media.js';

const heading = (tag) => () => {
  const el = h(tag);
  return { el, update(p) { setHTML(el, p.html); setAttr(el, 'id', p.anchor); } };
};

const html = (cls) => () => {
  const el = h('div', { class: cls });
  return { el, update(p) { setHTML(el, p.html); } };
};

// Plain glyphs in a drawn circle: emoji fonts are missing on many systems.
const ICONS = { error: '×', warning: '!', info: 'i', success: '✓' };
const LEVEL = { error: 'Error', warning: 'Warning', info: 'Info', success: 'Success' };

function alert() {
  const icon = h('span', { class: 'icon', 'aria-hidden': 'true' });
  const sr = h('span', { class: 'sr-only' });
  const body = h('div', { class: 'alert-body' });
  const el = h('div', { class: 'alert' }, icon, h('div', {}, sr, body));
  return {
    el,
    update(p) {
      const level = ICONS[p.level] ? p.level : 'info';
      el.className = `alert ${level}`;
      setText(icon, ICONS[level]);
      setText(sr, `${LEVEL[level]}: `);
      setHTML(body, p.html);
    },
  };
}

function exception() {
  const type = h('strong');
  const msg = h('span', { class: 'exc-msg' });
  const stack = h('ol', { class: 'stack' });
  const el = h('div', { class: 'exception' }, h('div', { class: 'exc-head' }, type, msg), stack);
  return {
    el,
    update(p) {
      setText(type, p.type || 'error');
      setText(msg, p.message);
      stack.replaceChildren(...(p.stack || []).map((f) =>
        h('li', {}, h('code', { class: 'fn', text: f.func }), ' ', h('span', { class: 'loc', text: `${f.file}:${f.line}` }))));
      stack.hidden = !stack.children.length;
    },
  };
}

// A spinner stays in the tree when its work is done, hidden, so the
// elements after it keep their places.
function spinner() {
  const label = h('span');
  const el = h('div', { class: 'spinner', role: 'status' }, h('span', { class: 'wheel', 'aria-hidden': 'true' }), label);
  return { el, update(p) { setText(label, p.text); el.hidden = !!p.done; } };
}

// A link that looks like a button; it opens a new tab and never reruns
// the app. The page has no say in where it goes: the server checked it.
function linkButton() {
  const a = h('a', { class: 'btn', target: '_blank', rel: 'noopener noreferrer' });
  const el = h('div', { class: 'link-button' }, a);
  return {
    el,
    update(p) {
      setText(a, p.label);
      a.classList.toggle('primary', !!p.primary);
      setAttr(a, 'href', p.disabled ? null : p.url);
      setAttr(a, 'aria-disabled', p.disabled ? 'true' : null);
      setAttr(a, 'title', p.help);
    },
  };
}

function text() {
  const el = h('pre', { class: 'text' });
  return { el, update(p) { setText(el, p.text); } };
}

function code() {
  const c = h('code');
  const el = h('pre', { class: 'code' }, c);
  return {
    el,
    update(p) {
      setText(c, p.code);
      c.className = p.language ? `language-${p.language}` : '';
    },
  };
}

export default {
  title: heading('h1'),
  header: heading('h2'),
  subheader: heading('h3'),
  markdown: html('markdown'),
  caption: html('caption'),
  text,
  code,
  json,
  alert,
  divider: () => ({ el: h('hr'), update() {} }),
  exception,
  spinner,
  link_button: linkButton,
  image,
  ...media,
  ...chart,
  ...echarts,
  ...data,
  ...dataframe,
};
