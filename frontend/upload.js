// file_uploader (st.FileUploader): a drop zone and a file picker. Each file
// goes to the server over HTTP (XMLHttpRequest, for its upload progress),
// to the session's upload route; the server answers with the file's id,
// and the ids are the widget's value, sent like any other (in a form, with
// its submit button). Removing a file removes its id; a file never sent is
// deleted on the server at once, a sent one with the run that no longer
// holds it. The checks here (size, type) spare the user a long upload; the
// server makes them again.

import { h, uid, setAttr, setText } from './dom.js';
import { base, label, common } from './widget.js';

// app.js keeps the session's id here; an upload names its session.
const SESSION_KEY = 'gost.session';

export function formatSize(n) {
  const units = ['B', 'KB', 'MB', 'GB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return i === 0 ? `${n} B` : `${n.toFixed(1)} ${units[i]}`;
}

// accepts tells whether file fits one of the uploader's types: an
// extension by the name, a media type by what the browser says it is.
function accepts(types, file) {
  if (!types?.length) return true;
  const name = file.name.toLowerCase();
  const type = (file.type || '').toLowerCase();
  return types.some((t) => (t.startsWith('.') ? name.endsWith(t)
    : t.endsWith('/*') ? type.startsWith(t.slice(0, -1)) : type === t));
}

export default function fileUploader(node, ctx) {
  const w = base(node, ctx, 'file-uploader');
  const input = h('input', { type: 'file', id: uid(), class: 'sr-only' });
  const lab = label(input.id);
  const browse = h('button', { type: 'button', class: 'btn', text: 'Browse files' });
  const hint = h('span', { class: 'hint' });
  const zone = h('div', { class: 'dropzone' },
    h('div', { class: 'dropzone-text' }, h('span', { text: 'Drag and drop files here' }), hint), browse);
  const list = h('ul', { class: 'files' });
  w.el.append(lab.el, input, zone, list);
  let props = {};
  let entries = [];

  // The value: the ids of the files uploaded, in the order shown.
  w.read = () => entries.filter((e) => e.id).map((e) => e.id);

  function entry(name, size) {
    const e = { name, size };
    const bar = h('progress', { max: '1', value: '0' });
    const msg = h('span', { class: 'file-error', role: 'alert' });
    const x = h('button', { type: 'button', class: 'remove', 'aria-label': `Remove ${name}`, text: '×' });
    e.li = h('li', { class: 'file' }, h('span', { class: 'file-name', text: name }),
      h('span', { class: 'file-size', text: formatSize(size) }), bar, msg, x);
    e.bar = bar;
    e.fail = (why) => {
      e.li.classList.add('failed');
      bar.hidden = true;
      setText(msg, why);
    };
    e.done = () => { bar.hidden = true; };
    x.addEventListener('click', () => {
      drop(e);
      w.changed();
    });
    list.append(e.li);
    entries.push(e);
    return e;
  }

  function url() {
    const sid = encodeURIComponent(sessionStorage.getItem(SESSION_KEY) || '');
    return `_gost/upload/${sid}/${encodeURIComponent(node.id)}`;
  }

  // drop removes an entry: an upload going on is cut off (the server
  // deletes what came), an uploaded file is deleted unless a run has
  // seen it.
  function drop(e) {
    if (e.xhr) e.xhr.abort();
    else if (e.id) fetch(`${url()}/${encodeURIComponent(e.id)}`, { method: 'DELETE' }).catch(() => {});
    e.li.remove();
    entries = entries.filter((x) => x !== e);
  }

  function send(e, file) {
    const xhr = new XMLHttpRequest();
    e.xhr = xhr;
    xhr.open('POST', `${url()}?name=${encodeURIComponent(file.name)}`);
    xhr.upload.addEventListener('progress', (ev) => {
      if (ev.lengthComputable) e.bar.value = ev.loaded / ev.total;
    });
    xhr.addEventListener('load', () => {
      e.xhr = null;
      if (xhr.status !== 200) {
        e.fail(xhr.responseText.trim() || `The upload failed (${xhr.status}).`);
        return;
      }
      const r = JSON.parse(xhr.responseText);
      e.id = r.id;
      e.done();
      w.changed();
    });
    xhr.addEventListener('error', () => {
      e.xhr = null;
      e.fail('The upload failed: the connection was lost.');
    });
    xhr.send(file);
  }

  function add(files) {
    if (props.disabled || !files.length) return;
    if (!props.multiple) {
      const had = entries.some((e) => e.id);
      for (const e of [...entries]) drop(e);
      files = files.slice(0, 1);
      if (had) w.changed();
    } else {
      for (const e of entries.filter((x) => !x.id && !x.xhr)) drop(e); // old errors
    }
    for (const file of files) {
      const e = entry(file.name, file.size);
      if (file.size > props.maxSize) {
        e.fail(`${file.name} is ${formatSize(file.size)}: files must be ${props.limit} or smaller.`);
      } else if (!accepts(props.types, file)) {
        e.fail(`${file.name}: this type of file is not accepted; choose ${props.types.join(', ')}.`);
      } else {
        send(e, file);
      }
    }
  }

  browse.addEventListener('click', () => input.click());
  input.addEventListener('change', () => {
    add([...input.files]);
    input.value = ''; // picking the same file again is a change too
  });
  zone.addEventListener('dragover', (ev) => {
    ev.preventDefault();
    zone.classList.add('over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (ev) => {
    ev.preventDefault();
    zone.classList.remove('over');
    add([...ev.dataTransfer.files]);
  });

  w.update = (p, first) => {
    props = p;
    common(w, p, input, lab);
    browse.disabled = !!p.disabled;
    input.multiple = !!p.multiple;
    const types = p.types || [];
    setAttr(input, 'accept', types.join(','));
    setText(hint, `Limit ${p.limit} per file${types.length ? ` • ${types.map((t) => t.replace(/^\./, '').toUpperCase()).join(', ')}` : ''}`);
    const files = p.files || [];
    // The server's files replace the page's when it means it: a new page,
    // a form cleared on submit.
    w.sync(files.map((f) => f.id), first, () => {
      for (const e of [...entries]) {
        if (e.xhr) e.xhr.abort();
        e.li.remove();
      }
      entries = [];
      for (const f of files) {
        const e = entry(f.name, f.size);
        e.id = f.id;
        e.done();
      }
    });
  };
  return w;
}
