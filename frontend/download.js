// download_button: a link the browser saves (href + download), styled as a
// button. A click also reruns the app, as a button's does, so the app sees
// it, as in Streamlit. The link is a real one, so the browser fetches the
// file itself, with its cookies, and shows its usual download UI.

import { h, setAttr, setText } from './dom.js';
import { base, common } from './widget.js';

export default function downloadButton(node, ctx) {
  const a = h('a', { class: 'btn' });
  const w = base(node, ctx, 'button-widget download-button');
  w.el.append(a);
  let off = false;
  a.addEventListener('click', (e) => {
    if (off) {
      e.preventDefault();
      return;
    }
    // Not preventDefault: the browser goes on to save the file.
    ctx.send({}, node.id);
  });
  w.update = (p) => {
    setText(a, p.label);
    a.classList.toggle('primary', !!p.primary);
    off = !!p.disabled || !p.url;
    // The url is relative to the page, like the stream's, so an app under
    // a base path works as it is.
    setAttr(a, 'href', off ? null : p.url);
    setAttr(a, 'download', off ? null : p.name);
    setAttr(a, 'type', p.mime);
    setAttr(a, 'aria-disabled', off ? 'true' : null);
    setAttr(a, 'aria-description', p.help);
    common(w, p);
  };
  return w;
}
