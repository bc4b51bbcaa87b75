// Tiny DOM helpers. Strings reach the page only as text or attributes; the
// single way to HTML is setHTML, which callers use for props named html.

let seq = 0;
export const uid = () => `g${++seq}`;

export function h(tag, attrs = {}, ...kids) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else setAttr(el, k, v);
  }
  el.append(...kids);
  return el;
}

export function setAttr(el, name, v) {
  if (v == null || v === false || v === '') el.removeAttribute(name);
  else el.setAttribute(name, v === true ? '' : String(v));
}

// Writing only on change keeps untouched nodes untouched: no layout work, no
// lost text selection inside them.
export function setText(el, s) {
  s = s == null ? '' : String(s);
  if (el.textContent !== s) el.textContent = s;
}

export function setHTML(el, html) {
  html = html == null ? '' : String(html);
  if (el.gostHTML !== html) {
    el.innerHTML = html;
    el.gostHTML = html;
  }
}

export const same = (a, b) => a === b || JSON.stringify(a) === JSON.stringify(b);
