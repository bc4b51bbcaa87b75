// Installed by browsertest in every page before the page's own scripts.
// It watches the websocket without changing what goes over it, and finds
// controls the way a user does: by their visible label.
(() => {
  const bt = {
    recv: [], // every message from the server, parsed
    recvBytes: 0, // the size of those messages in UTF-8, as on the wire
    sent: [], // every message to the server, parsed
    log: [], // both, in order: {dir: 'in' | 'out', t}
  };
  window.__bt = bt;
  const utf8 = new TextEncoder();

  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      // Added before the page sets onmessage, so it sees each message first.
      this.addEventListener('message', (e) => {
        let m;
        try { m = JSON.parse(e.data); } catch { m = { t: '(not JSON)' }; }
        bt.recv.push(m);
        bt.recvBytes += typeof e.data === 'string' ? utf8.encode(e.data).length : e.data.byteLength ?? e.data.size;
        bt.log.push({ dir: 'in', t: m.t, seq: m.seq });
      });
    }
    send(data) {
      let m;
      try { m = JSON.parse(data); } catch { m = { t: '(not JSON)' }; }
      bt.sent.push(m);
      bt.log.push({ dir: 'out', t: m.t, seq: m.seq });
      return super.send(data);
    }
  };

  // Idle: something was sent, and a "done" came after the last message sent
  // that has applied the last rerun numbered since the last hello (its seq).
  // The server answers every request with a done (requests that arrive
  // during a run are merged into the next one, which ends with a done); a
  // done that arrives after a rerun over a slow network may be an older
  // run's, which the seq tells.
  bt.idle = () => {
    let lastOut = -1, lastDone = -1, sent = 0, applied = 0;
    bt.log.forEach((e, i) => {
      if (e.dir === 'out') {
        lastOut = i;
        if (e.t === 'hello') sent = applied = 0;
        else if (e.seq) sent = e.seq;
      } else if (e.t === 'done') {
        lastDone = i;
        applied = e.seq || 0;
      }
    });
    return lastOut >= 0 && lastDone > lastOut && applied >= sent;
  };

  const visible = (el) => !!el && el.checkVisibility();
  // A label's name: its first span, without the help mark "?".
  const nameOf = (el) => {
    const s = el.querySelector(':scope > span:not(.help-mark)');
    return (s ? s.textContent : el.textContent).trim();
  };

  bt.label = (name) =>
    [...document.querySelectorAll('label')].find((l) => visible(l) && nameOf(l) === name) || null;

  bt.control = (name) => bt.label(name)?.control || null;

  bt.option = (group, name) => {
    const fs = [...document.querySelectorAll('fieldset')]
      .find((f) => visible(f) && f.querySelector('legend') && nameOf(f.querySelector('legend')) === group);
    return fs ? [...fs.querySelectorAll('label')].find((l) => nameOf(l) === name) || null : null;
  };

  bt.button = (text) =>
    [...document.querySelectorAll('button, summary, [role=tab]')]
      .find((b) => visible(b) && b.textContent.trim() === text) || null;

  // The multiselect labelled name: its dropdown and the options in it.
  const multiselect = (name) =>
    [...document.querySelectorAll('.widget.multiselect')]
      .find((w) => visible(w) && w.querySelector('.label') && nameOf(w.querySelector('.label')) === name) || null;
  bt.multiselectSummary = (name) => multiselect(name)?.querySelector('summary') || null;
  bt.multiselectOption = (name, option) => {
    const m = multiselect(name);
    return m ? [...m.querySelectorAll('.ms-list label')].find((l) => visible(l) && nameOf(l) === option) || null : null;
  };

  // selectOption finds option (by its text) in the select labelled label;
  // with pick it chooses it and fires the events a user's choice fires.
  bt.selectOption = (label, option, pick) => {
    const sel = bt.control(label);
    if (!(sel instanceof HTMLSelectElement)) return false;
    const opt = [...sel.options].find((o) => o.textContent === option);
    if (!opt) return false;
    if (pick) {
      sel.value = opt.value;
      sel.dispatchEvent(new Event('input', { bubbles: true }));
      sel.dispatchEvent(new Event('change', { bubbles: true }));
    }
    return true;
  };
})();
