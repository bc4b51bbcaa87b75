// html and iframe: content that must not reach the page, in sandboxed
// frames.
//
// st.HTML's frame may be same-origin because it may not run scripts: the
// page reads its height and gives it the page's font and colours, and the
// HTML can do nothing but show. An iframe may run scripts, so it only keeps
// its own origin when that is not the page's (same-origin plus scripts
// would let it lift its own sandbox).

import { h, setAttr } from './dom.js';

function html() {
  const el = h('iframe', { class: 'html-frame', sandbox: 'allow-same-origin', title: 'HTML', loading: 'eager' });
  let p = {};
  const fit = () => {
    const doc = el.contentDocument;
    if (!doc?.body) return;
    const cs = getComputedStyle(document.body);
    doc.documentElement.style.colorScheme = cs.colorScheme;
    doc.body.style.margin = '0';
    doc.body.style.font = cs.font;
    doc.body.style.color = cs.color;
    if (!p.height) el.style.height = `${Math.ceil(doc.documentElement.scrollHeight)}px`;
  };
  el.addEventListener('load', fit);
  return {
    el,
    update(np) {
      p = np;
      if (el.srcdoc !== (p.srcdoc ?? '')) el.srcdoc = p.srcdoc ?? '';
      el.style.height = p.height ? `${p.height}px` : el.style.height;
      fit();
    },
  };
}

function iframe() {
  const el = h('iframe', { class: 'iframe', loading: 'lazy', referrerpolicy: 'strict-origin-when-cross-origin' });
  return {
    el,
    update(p) {
      if (p.doc != null) {
        // st.IframeHTML: scripts run, in an origin of no one's. The page
        // comes from a URL of its own, whose policy lets its inline
        // scripts run: a srcdoc would inherit this page's, which does not.
        setAttr(el, 'sandbox', 'allow-scripts allow-forms allow-popups');
        if (el.getAttribute('src') !== p.doc) setAttr(el, 'src', p.doc);
        el.style.height = `${p.height || 150}px`;
        el.style.width = p.width ? `${p.width}px` : '100%';
        setAttr(el, 'title', 'Embedded page');
        return;
      }
      const u = new URL(p.src || 'about:blank', location.href);
      const own = u.origin === location.origin;
      setAttr(el, 'sandbox', `allow-scripts allow-forms allow-popups allow-downloads${own ? '' : ' allow-same-origin'}`);
      if (el.getAttribute('src') !== p.src) setAttr(el, 'src', p.src);
      el.style.height = `${p.height || 150}px`;
      el.style.width = p.width ? `${p.width}px` : '100%';
      setAttr(el, 'title', u.host || u.pathname);
    },
  };
}

export default { html, iframe };
