// Package runtime serves a gost app: it owns the browser sessions, the rerun
// loop that runs App for each of them, the websocket transport that streams
// element changes to the frontend, and the HTTP server around them.
package runtime
