// image (st.Image): a figure with the picture and its caption. The caption
// is text, never HTML, and is also the alt text.

import { h, setText } from './dom.js';

export default function image() {
  const img = h('img', { loading: 'lazy' });
  const caption = h('figcaption');
  const el = h('figure', { class: 'image' }, img, caption);
  return {
    el,
    update(p) {
      // A src relative to the page reaches the session's bytes under any
      // base path, as the stream does. Setting src again, even to the same
      // value, makes the browser load the image again: only on change.
      const src = p.src || '';
      if (img.getAttribute('src') !== src) img.setAttribute('src', src);
      // alt="" (not no alt) tells a screen reader there is nothing to read.
      img.setAttribute('alt', p.alt || '');
      // The stylesheet's max-width keeps a set width within the column.
      img.style.width = p.width > 0 ? `${p.width}px` : '';
      setText(caption, p.caption);
      caption.hidden = !p.caption;
    },
  };
}
