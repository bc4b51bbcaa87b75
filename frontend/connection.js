// The one websocket to the server. It says hello on every connection and, when
// the server goes away, tries again with capped, jittered exponential backoff
// so a restarting server is not hammered by every open tab at once.

const MIN_DELAY = 100;
const MAX_DELAY = 5000;

export class Connection {
  // url: the stream; hello(): the hello message to send; message(m): each
  // message from the server; up()/down(): connection state for the banner.
  constructor(url, { hello, message, up, down }) {
    Object.assign(this, { url, hello, message, up, down });
    this.attempt = 0;
    this.ws = null;
    this.stopped = true;
  }

  start() {
    if (!this.stopped) return;
    this.stopped = false;
    this.open();
  }

  // stop is for leaving the page: no reconnect, no "connection lost" banner.
  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    this.ws?.close();
  }

  open() {
    const ws = new WebSocket(this.url);
    this.ws = ws;
    ws.onopen = () => ws.send(JSON.stringify(this.hello()));
    ws.onmessage = (e) => {
      let m;
      try {
        m = JSON.parse(e.data);
      } catch {
        console.warn('gost: message is not JSON', e.data);
        return;
      }
      this.message(m);
    };
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      if (this.stopped) return;
      this.down();
      const d = Math.min(MAX_DELAY, MIN_DELAY * 2 ** this.attempt++);
      this.timer = setTimeout(() => this.open(), d / 2 + Math.random() * d / 2);
    };
  }

  // healthy resets the backoff. It is called after a run has been applied,
  // not on open: a server that accepts and then drops us must still back off.
  healthy() {
    this.attempt = 0;
    this.up();
  }

  // reconnect replaces the connection with a new one at once, without the
  // "connection lost" banner: the server asked for it, to move the tab to a
  // new version of the app (reload.js).
  reconnect() {
    const ws = this.ws;
    this.ws = null; // its close is expected: onclose ignores it
    ws?.close();
    clearTimeout(this.timer);
    if (!this.stopped) this.open();
  }

  // resync drops the connection; the reconnect's hello rebuilds the page.
  resync() {
    this.ws?.close();
  }

  send(msg) {
    if (this.ws?.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify(msg));
    return true;
  }
}
