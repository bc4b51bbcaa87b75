// The wire protocol of docs/protocol.md (version 1): every message between
// the browser and the server, by its "t", in one place. This module mirrors
// runtime/protocol.go name for name (its op names are internal/tree's), and
// runtime's TestProtocolMirror holds the two together: change both, and
// docs/protocol.md, together. The other modules name messages only through
// this one.

export const VERSION = 1;
export const STREAM_PATH = '_gost/stream';

// Browser → server.
export const HELLO = 'hello';
export const RERUN = 'rerun';
export const SWITCH = 'switch'; // to the new version of the app (reload.js)
// The app shell (nav.js, menu.js).
export const NAVIGATE = 'navigate'; // to another page of the app, or back or forward
export const CLEAR_CACHES = 'clear_caches';

// Server → browser.
export const SESSION = 'session';
export const RUN = 'run'; // only for a run longer than a moment
export const DELTA = 'delta';
export const DONE = 'done'; // s and ops absent when ok and none; a fast run's only message
export const APPEND = '+'; // text streamed into an element, the smallest message
export const REDIRECT = 'redirect';
export const QUERY = 'query'; // the address the app wants: path and query string
// The app shell (page.js, theme.js).
export const PAGE_CONFIG = 'page_config';
export const THEME = 'theme';
export const NOTICE = 'notice';
export const LOGIN = 'login'; // how the tab keeps its login alive (touch.js)
// Rebuilding on save (reload.js).
export const SOURCE_CHANGED = 'source_changed';
export const BUILD_ERROR = 'build_error';
export const BUILD_OK = 'build_ok';
export const NEW_VERSION = 'new_version';
export const RECONNECT = 'reconnect';

// Ops inside delta and done.
export const OP_SET = 'set';
export const OP_PROPS = 'props';
export const OP_TRIM = 'trim';
export const OP_FRESH = 'fresh'; // delta only: how far a run still going has got

export const hello = (session, widgets, query, path) =>
  ({ t: HELLO, v: VERSION, session, widgets, query, path });

export const navigate = (path, query) => ({ t: NAVIGATE, path, query });

export const clearCaches = () => ({ t: CLEAR_CACHES });

export const switchVersion = () => ({ t: SWITCH });

// seq numbers the rerun on its connection (pending.js); 0 leaves it out.
export function rerun(widgets, trigger, seq) {
  const m = { t: RERUN, widgets };
  if (trigger) m.trigger = trigger;
  if (seq) m.seq = seq;
  return m;
}

// The stream lives next to the page, not at the host root, so an app served
// under a path prefix needs no configuration.
export function streamURL(base = document.baseURI) {
  const u = new URL(STREAM_PATH, base);
  u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
  u.search = u.hash = '';
  return u.href;
}
