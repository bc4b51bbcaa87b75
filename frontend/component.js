// component: an element drawn by a JavaScript module an app's Go package
// ships (st.NewComponent; docs/components.md). The module is loaded with
// import() from the app's own server, once per URL (the URL names its
// content), and its default export draws into the component's element:
//
//   export default function render(el, { props, value, disabled, setValue }) { … }
//
// render is called at first and whenever the server sends new props or a
// new value; setValue(v) sends v to the server as the component's value, as
// a widget's. A module that fails to load, or a render that throws, shows
// an error in the component's place; the rest of the page goes on.

import { h, setText } from './dom.js';
import { base } from './widget.js';

const modules = new Map(); // url → Promise of the module

function load(url) {
  const href = new URL(url, document.baseURI).href;
  if (!modules.has(href)) {
    // A failed load is forgotten, so the next render tries again.
    modules.set(href, import(href).catch((e) => {
      modules.delete(href);
      throw e;
    }));
  }
  return modules.get(href);
}

export default function component(node, ctx) {
  const w = base(node, ctx, 'component');
  const host = h('div', { class: 'component-host' });
  const err = h('div', { class: 'exception component-error', role: 'alert', hidden: true });
  w.el.append(host, err);
  let p = {}, value, drawn = 0;
  const fail = (what, e) => {
    err.hidden = false;
    setText(err, `Component ${p.name}: ${what}: ${e?.message || e}`);
    console.warn('gost: component', p.name, what, e);
  };
  w.read = () => value;
  const setValue = (v) => {
    value = v;
    w.changed();
  };
  const render = () => {
    const n = ++drawn;
    load(p.url).then((mod) => {
      if (n !== drawn) return; // newer props are on their way
      if (typeof mod.default !== 'function') throw new Error('its module has no default export function');
      err.hidden = true;
      try {
        mod.default(host, { props: p.props, value, disabled: !!p.disabled, setValue });
      } catch (e) {
        fail('drawing failed', e);
      }
    }, (e) => fail('its module failed to load', e)).catch((e) => fail('drawing failed', e));
  };
  w.update = (np, first) => {
    p = np;
    host.style.height = p.height ? `${p.height}px` : '';
    w.sync(p.value, first, (v) => { value = v; });
    render();
  };
  return w;
}
