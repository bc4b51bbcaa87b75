// Which of the user's edits are still on their way to the server. The page
// numbers its reruns on each connection (seq) and the server echoes, in a
// run's messages, the highest number that run has applied: a widget whose
// value went in a later rerun is pending, and the run's value for it is
// older than what the user did (docs/protocol.md, Pending edits).

import { rerun } from './protocol.js';

export class Pending {
  constructor() {
    this.reset();
  }

  // reset starts the count again: a new connection, whose hello brings
  // every value the page holds.
  reset() {
    this.seq = 0; // the last rerun numbered
    this.applied = 0; // the highest the server has echoed
    this.sentIn = new Map(); // widget id → { seq, v }: its value last sent, and with which rerun
  }

  // rerun returns the numbered rerun message for widgets and trigger, and
  // notes the widgets as sent with it.
  rerun(widgets, trigger) {
    const seq = ++this.seq;
    for (const [id, v] of Object.entries(widgets || {})) this.sentIn.set(id, { seq, v });
    return rerun(widgets, trigger, seq);
  }

  // echo takes a run's seq: the server has applied the reruns up to it.
  // Absent is 0; more than the page has numbered is another connection's
  // (a run from before the hello) and says nothing of this one's.
  echo(seq) {
    seq = Math.min(seq || 0, this.seq);
    if (seq <= this.applied) return;
    this.applied = seq;
    for (const [id, e] of this.sentIn) if (e.seq <= seq) this.sentIn.delete(id);
  }

  // edit returns { v }, the widget's last value sent, if the server has not
  // applied it yet; else undefined.
  edit(id) {
    return this.sentIn.get(id);
  }
}
