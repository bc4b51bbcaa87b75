// The page config (st.SetPageConfig): the tab's title and icon, the main
// column's width, and the sidebar, which the user can fold away.

import { h } from './dom.js';

const $ = (id) => document.getElementById(id);
const defaultTitle = document.title;

// An emoji icon is drawn into an SVG, Streamlit's trick: browsers take an
// SVG favicon, and a data URL needs no request.
function emojiIcon(emoji) {
  const esc = emoji.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><text y=".9em" font-size="90">${esc}</text></svg>`;
  return 'data:image/svg+xml,' + encodeURIComponent(svg);
}

function favicon(icon) {
  let link = document.querySelector('link[rel=icon]');
  if (!icon) {
    link?.remove();
    return;
  }
  if (!link) {
    link = h('link', { rel: 'icon' });
    document.head.append(link);
  }
  const url = /[/:]/.test(icon) ? icon : emojiIcon(icon);
  if (link.getAttribute('href') !== url) link.setAttribute('href', url);
}

let sidebarSet = false; // the initial state applies once per document

export function pageConfig(m) {
  document.title = m.title || defaultTitle;
  favicon(m.icon);
  document.body.classList.toggle('wide', m.layout === 'wide');
  if (!sidebarSet && m.sidebar) {
    sidebarSet = true;
    const narrow = matchMedia('(max-width: 48rem)').matches;
    if (m.sidebar === 'collapsed' || (m.sidebar === 'auto' && narrow)) collapse(true);
  }
}

// collapse folds the sidebar away, or brings it back.
export function collapse(on) {
  const t = $('sidebar-toggle');
  if (!t) return;
  $('root').classList.toggle('sidebar-collapsed', on);
  t.setAttribute('aria-expanded', String(!on));
  t.setAttribute('aria-label', on ? 'Open the sidebar' : 'Close the sidebar');
  t.textContent = on ? '»' : '«';
}

// The toggle shows when there is a sidebar to fold.
export function sidebarShown(shown) {
  const t = $('sidebar-toggle');
  if (t) t.hidden = !shown;
}

$('sidebar-toggle')?.addEventListener('click', () => collapse(!$('root').classList.contains('sidebar-collapsed')));
collapse(false);
