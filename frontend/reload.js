// "Always rerun". When the app's source changes, gost run rebuilds it and
// starts the new version beside the old one (docs/protocol.md). This module
// shows the change with Rerun and Always rerun (keys R and A, as in
// Streamlit), shows the compiler's errors while the old version keeps
// working, and moves the tab to the new version when the user asks, or at
// once with Always rerun: the tab sends "switch", the old server hands the
// session over and says "reconnect", and the next hello reaches the new
// version with the page's widget values. The tab is never reloaded.

import * as P from './protocol.js';
import { h } from './dom.js';

// Always rerun sticks for the tab, across reconnects and reloads.
const ALWAYS_KEY = 'gost.alwaysRerun';

export class Reload {
  // send(msg) sends to the server; reconnect() opens a new connection at
  // once.
  constructor({ send, reconnect }) {
    Object.assign(this, { send, reconnect });
    this.changed = false; // the source changed since this version started
    this.wanted = false; // the user asked for the new version before it was ready
    this.ready = false; // a new version serves: switching is possible
    this.runOnSave = false; // the server's default for Always rerun
    this.error = '';
    this.root = h('div', { id: 'reload' });
    document.body.append(this.root);
    addEventListener('keydown', (e) => this.key(e));
  }

  get always() {
    const v = sessionStorage.getItem(ALWAYS_KEY);
    return v === null ? this.runOnSave : v === '1';
  }

  // handle takes the messages of this module and reports whether m was one.
  handle(m) {
    switch (m.t) {
      case P.SOURCE_CHANGED:
        this.runOnSave = !!m.run_on_save;
        this.changed = true;
        break;
      case P.BUILD_ERROR:
        this.error = String(m.text || '');
        break;
      case P.BUILD_OK:
        this.error = '';
        break;
      case P.NEW_VERSION:
        this.runOnSave = !!m.run_on_save;
        this.changed = this.ready = true;
        if (this.always || this.wanted) this.send(P.switchVersion());
        break;
      case P.RECONNECT:
        this.reconnect();
        break;
      default:
        return false;
    }
    this.render();
    return true;
  }

  // connected is called on every session message: a new connection may be
  // to a new version, which knows nothing of the old one's changes.
  connected() {
    this.changed = this.wanted = this.ready = false;
    this.error = '';
    this.render();
  }

  rerun() {
    if (!this.changed) return;
    if (this.ready) this.send(P.switchVersion());
    else this.wanted = true; // switch as soon as the new version serves
    this.render();
  }

  alwaysRerun() {
    sessionStorage.setItem(ALWAYS_KEY, '1');
    this.rerun();
  }

  // key handles R and A, unless the user is typing or holds a modifier.
  key(e) {
    if (!this.changed || e.ctrlKey || e.metaKey || e.altKey || e.repeat) return;
    const t = e.target;
    if (t instanceof HTMLElement && (t.isContentEditable || t.closest('input, textarea, select'))) return;
    const k = e.key.toLowerCase();
    if (k === 'r') this.rerun();
    else if (k === 'a') this.alwaysRerun();
    else return;
    e.preventDefault();
  }

  render() {
    const kids = [];
    const waiting = (this.always || this.wanted) && !this.error;
    // With Always rerun, a build error says it all: the next good save
    // switches by itself.
    if (this.changed && !(this.always && this.error)) {
      kids.push(h('div', { class: 'reload-bar', role: 'status' },
        h('span', { text: waiting ? 'Source file changed. Rebuilding…' : 'Source file changed.' }),
        ...(waiting ? [] : [
          h('button', { type: 'button', class: 'btn', title: 'R', text: 'Rerun', onclick: () => this.rerun() }),
          h('button', { type: 'button', class: 'btn', title: 'A', text: 'Always rerun', onclick: () => this.alwaysRerun() }),
        ])));
    }
    if (this.error) {
      kids.push(h('div', { class: 'build-error', role: 'alert' },
        h('strong', { text: 'The new version does not build. This page still runs the last one that did.' }),
        h('pre', { text: this.error })));
    }
    this.root.replaceChildren(...kids);
  }
}
