// Wires the connection to the page: server messages become ops on the tree,
// the run state and the banners; widget interactions become reruns.

import * as P from './protocol.js';
import { Connection } from './connection.js';
import { Tree, Desync } from './tree.js';
import { h } from './dom.js';
import { Reload } from './reload.js';
import { Nav, currentPath } from './nav.js';
import { pageConfig } from './page.js';
import * as theme from './theme.js';
import { menu } from './menu.js';
import { Pending } from './pending.js';
import { Touch } from './touch.js';

const SESSION_KEY = 'gost.session';
const $ = (id) => document.getElementById(id);

// The user's interactions keep their login alive (touch.js); a login the
// server refuses is shown by a new connection's handshake.
const touch = new Touch(() => conn.reconnect());
const act = (m) => {
  touch.active();
  return conn.send(m);
};

// Pages: links, back and forward (nav.js).
const nav = new Nav(act);

// The user's edits the server has not applied yet: a run's value for such a
// widget is older than what the user did, and is not written (widget.js).
const pending = new Pending();

const tree = new Tree([$('main'), $('sidebar')], {
  send: (widgets, trigger) => act(pending.rerun(widgets, trigger)),
  pending: (id) => pending.edit(id),
  navigate: (path) => nav.go(path),
});

menu({
  rerun: () => act(pending.rerun({})),
  clearCaches: () => conn.send(P.clearCaches()),
});

// After each hello the server rebuilds the page from nothing
// (docs/protocol.md), so the first ops of the connection start from empty.
let fresh = false;

// Rebuilds on save: the prompt, build errors, switching versions.
const reload = new Reload({ send: (m) => conn.send(m), reconnect: () => conn.reconnect() });

function running(on) {
  $('running').textContent = on ? 'Running…' : '';
}

function connLost(on) {
  $('conn').textContent = on ? 'Connection lost — reconnecting…' : '';
}

function notice(level, text) {
  // Every hello brings the server's notices again, and switching to a new
  // version of the app (reload.js) says hello: show each text once.
  if ([...$('notices').children].some((el) => el.firstChild.textContent === text)) return;
  level = ['info', 'warning', 'error'].includes(level) ? level : 'info';
  const close = h('button', { type: 'button', class: 'dismiss', 'aria-label': 'Dismiss', text: '×' });
  const el = h('div', { class: `banner ${level}`, role: level === 'error' ? 'alert' : 'status' },
    h('span', { text }), close);
  close.addEventListener('click', () => el.remove());
  $('notices').append(el);
}

function apply(ops) {
  if (fresh) {
    fresh = false;
    tree.reset();
  }
  tree.apply(ops);
}

function onMessage(m) {
  try {
    switch (m.t) {
      case P.SESSION:
        sessionStorage.setItem(SESSION_KEY, m.id || '');
        fresh = true;
        connLost(false);
        reload.connected();
        break;
      case P.RUN:
        // Only a run that lasts longer than a moment says it started; a
        // fast one sends its done alone (docs/protocol.md).
        pending.echo(m.seq);
        running(true);
        tree.fade(m.f); // f: the fragments a fragment run reruns; absent for the whole app
        break;
      case P.DELTA:
        pending.echo(m.seq);
        apply(m.ops);
        break;
      case P.APPEND:
        tree.append(m);
        break;
      case P.DONE:
        // s and ops are absent when usual: ok, and nothing changed.
        pending.echo(m.seq);
        apply(m.ops);
        tree.unfade();
        running(false);
        conn.healthy();
        break;
      case P.REDIRECT: {
        // Leaving the document closes the socket on purpose: no banner, no
        // reconnect. A jump within the page keeps the connection.
        const to = new URL(m.url, location.href);
        if (to.href.split('#')[0] !== location.href.split('#')[0]) conn.stop();
        window.location.assign(to.href);
        break;
      }
      case P.QUERY:
        // The app set its query parameters or switched pages: the address
        // follows, without a reload.
        nav.show(m);
        break;
      case P.PAGE_CONFIG:
        pageConfig(m);
        break;
      case P.THEME:
        theme.setConfig(m);
        break;
      case P.NOTICE:
        notice(m.level, m.text);
        break;
      default:
        if (!reload.handle(m) && !touch.handle(m)) console.warn('gost: unknown message type', m.t);
    }
  } catch (e) {
    if (!(e instanceof Desync)) throw e;
    console.warn('gost: page out of step with the server, reconnecting:', e.message);
    conn.resync();
  }
}

const conn = new Connection(P.streamURL(), {
  hello: () => {
    // The hello brings every value the page holds; reruns on the new
    // connection count from 1 again.
    pending.reset();
    touch.stop(); // until the server says again (login)
    return P.hello(sessionStorage.getItem(SESSION_KEY) || '', tree.values(), location.search.slice(1), currentPath());
  },
  message: onMessage,
  up: () => connLost(false),
  down: () => {
    connLost(true);
    running(false);
  },
});

// Leaving the page closes the socket; that is no reason for a banner.
addEventListener('pagehide', () => conn.stop());
addEventListener('pageshow', () => conn.start());
conn.start();
