// Pages: every page of the app has its own address under the app's base
// (index.html's <base href>), /reports for the page "reports". Moving
// between pages changes the address with history.pushState and tells the
// server with a navigate message; back and forward do the same through
// popstate, so the tab never reloads.

import * as P from './protocol.js';
import { h, setAttr } from './dom.js';

// The app's base path, from <base href>: "/" or "/prefix/".
const basePath = () => new URL(document.baseURI).pathname;

// currentPath is the page's path under the base: "" for the default page.
export function currentPath() {
  const base = basePath();
  const p = location.pathname;
  if (!p.startsWith(base)) return '';
  try {
    return decodeURIComponent(p.slice(base.length));
  } catch {
    return p.slice(base.length);
  }
}

// pageURL is the address of the page at path with query.
export function pageURL(path, query = '') {
  const u = new URL(path ? encodeURIComponent(path) : './', document.baseURI);
  u.search = query;
  return u;
}

export class Nav {
  // send(msg) sends a message to the server.
  constructor(send) {
    this.send = send;
    this.at = location.pathname + location.search;
    addEventListener('popstate', () => {
      // Back over an anchor (#section) stays on the page: nothing to run.
      if (location.pathname + location.search === this.at) return;
      this.at = location.pathname + location.search;
      this.send(P.navigate(currentPath(), location.search.slice(1)));
    });
  }

  // go moves to the page at path, with a new history entry; a page starts
  // without query parameters, as a link to it has none.
  go(path) {
    const to = pageURL(path);
    if (to.href !== location.href) history.pushState(null, '', to.href);
    this.at = location.pathname + location.search;
    this.send(P.navigate(path, ''));
  }

  // show makes the address what the server says (a query message): a new
  // history entry when the app asked for one (st.SwitchPage), else in place.
  show(m) {
    const to = pageURL(m.path || '', m.query || '');
    if (to.pathname === location.pathname) to.hash = location.hash;
    if (to.href === location.href) return;
    if (m.push) history.pushState(null, '', to.href);
    else history.replaceState(history.state, '', to.href);
    this.at = location.pathname + location.search;
  }
}

// A link click that the page handles: the main button, no modifier (those
// open a new tab or window, which the browser does from the href).
function own(e) {
  return e.button === 0 && !e.metaKey && !e.ctrlKey && !e.shiftKey && !e.altKey;
}

function pageAnchor(ctx) {
  const a = h('a', {});
  a.addEventListener('click', (e) => {
    if (!own(e) || a.dataset.external) return;
    e.preventDefault();
    if (a.hasAttribute('href')) ctx.navigate(a.dataset.path);
  });
  return a;
}

function label(a, icon, text) {
  a.replaceChildren(...(icon ? [h('span', { class: 'page-icon', 'aria-hidden': 'true', text: icon })] : []), h('span', { text }));
}

// nav: the list of pages, in the sidebar, or in a row (position top).
function nav(node, ctx) {
  const el = h('nav', { class: 'nav', 'aria-label': 'Pages' });
  return {
    el,
    update(p) {
      el.classList.toggle('top', p.position === 'top');
      const lists = [];
      let list = null, section;
      for (const pg of p.pages || []) {
        if (!list || pg.section !== section) {
          section = pg.section;
          if (section) lists.push(h('div', { class: 'nav-section', text: section }));
          list = h('ul', {});
          lists.push(list);
        }
        const a = pageAnchor(ctx);
        a.dataset.path = pg.path;
        a.href = pageURL(pg.path).href;
        setAttr(a, 'aria-current', pg.path === p.current ? 'page' : null);
        label(a, pg.icon, pg.title);
        list.append(h('li', {}, a));
      }
      el.replaceChildren(...lists);
    },
  };
}

// page_link: st.PageLink.
function pageLink(node, ctx) {
  const a = pageAnchor(ctx);
  const el = h('div', { class: 'page-link' }, a);
  return {
    el,
    update(p) {
      a.dataset.path = p.path;
      if (p.external) {
        a.dataset.external = '1';
        setAttr(a, 'target', '_blank');
        setAttr(a, 'rel', 'noopener noreferrer');
      } else {
        delete a.dataset.external;
        setAttr(a, 'target', null);
        setAttr(a, 'rel', null);
      }
      setAttr(a, 'href', p.disabled ? null : (p.external ? p.path : pageURL(p.path).href));
      setAttr(a, 'aria-disabled', p.disabled ? 'true' : null);
      setAttr(a, 'aria-current', p.current ? 'page' : null);
      setAttr(a, 'title', p.help);
      label(a, p.icon, p.label);
    },
  };
}

export default { nav, page_link: pageLink };
