// Keeps a login alive while its user works in this tab (docs/protocol.md,
// "Keeping a login alive"). With cookie_idle_timeout a login ends when the
// browser has not come back for that long, and the websocket cannot set the
// cookie that says it did: so when the user interacts and the server's
// interval has passed since the last renewal, the tab posts to the touch
// route, whose answer renews the cookie. No interaction, no request: an
// idle tab still logs out.

import * as P from './protocol.js';

export class Touch {
  // lost() is called when the server refuses the login: the tab reconnects,
  // and the handshake shows the logged-out page and why.
  constructor(lost) {
    this.lost = lost;
    this.stop();
  }

  stop() {
    this.url = '';
    this.every = 0;
  }

  // handle takes a login message (a new connection's, which renewed the
  // cookie when due, or the logout's without fields) and reports whether m
  // was one.
  handle(m) {
    if (m.t !== P.LOGIN) return false;
    this.url = typeof m.touch === 'string' ? m.touch : '';
    this.every = this.url && Number.isFinite(m.every) && m.every > 0 ? m.every : 0;
    this.last = performance.now();
    return true;
  }

  // active is called for each message the tab sends that an interaction
  // may have caused: at most one touch per interval, none while one is on
  // its way, and none unless the user has just clicked or typed (transient
  // user activation, where the browser tells it), so a component that sends
  // values on a timer does not keep an unused tab logged in.
  active() {
    if (!this.every || this.busy || performance.now() - this.last < this.every) return;
    if (navigator.userActivation && !navigator.userActivation.isActive) return;
    this.last = performance.now();
    this.busy = true;
    fetch(this.url, { method: 'POST', credentials: 'same-origin', cache: 'no-store' })
      .then((r) => {
        if (r.status !== 401) return;
        this.stop();
        this.lost();
      })
      .catch(() => {}) // offline: the websocket's reconnect will tell
      .finally(() => { this.busy = false; });
  }
}
