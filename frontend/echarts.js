// echarts: a chart Apache ECharts draws from the app's option
// (st.ECharts). The library (frontend/vendor, 368 KB gzipped) is loaded
// with import() when the page first draws such a chart, so a page without
// one never fetches it. A chart takes the page's theme, light or dark,
// and the background it stands on, and changes with them; it resizes with
// its column. An option ECharts rejects shows ECharts' own message in the
// chart's place, and the rest of the page goes on.

import { h, setText } from './dom.js';
import { current } from './theme.js';

const LIBRARY = './vendor/echarts.esm.min.mjs';

let library = null;
function load() {
  // A failed load is forgotten, so the next chart tries again.
  library ??= import(LIBRARY).catch((e) => {
    library = null;
    throw e;
  });
  return library;
}

// The charts on the page, for the theme watcher to reach. The tree drops
// an element without telling it, so a chart found off the page is
// disposed then.
const charts = new Set();
let watching = false;

function watchTheme() {
  if (watching) return;
  watching = true;
  // theme.js sets data-theme, and the [theme] colours as style properties,
  // on the root element: one observer sees every change.
  new MutationObserver(() => {
    for (const c of charts) c.retheme();
  }).observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme', 'style'] });
}

// backdrop is the colour el stands on: the first opaque background of it
// or its containers (the page's, the sidebar's, a bordered container's).
function backdrop(el) {
  for (let e = el; e; e = e.parentElement) {
    const c = getComputedStyle(e).backgroundColor;
    if (c && c !== 'transparent' && c !== 'rgba(0, 0, 0, 0)') return c;
  }
  return null;
}

function echarts() {
  const host = h('div', { class: 'echarts-chart' });
  const err = h('div', { class: 'exception echarts-error', role: 'alert', hidden: true });
  const el = h('div', { class: 'echarts' }, host, err);
  let p = {}, chart = null, theme = null, bg = null, drawing = 0;

  const dispose = () => {
    chart?.dispose();
    chart = null;
    charts.delete(self);
  };
  const fail = (what, e) => {
    dispose();
    host.hidden = true;
    err.hidden = false;
    setText(err, `${what}: ${e?.message || e}`);
    console.warn('gost: echarts', what, e);
  };
  // The page's background and font, unless the app's option sets its own;
  // the aria description (series and their data, for screen readers),
  // unless it turns it off.
  const option = () => {
    const o = p.option || {};
    const font = getComputedStyle(el).fontFamily;
    return {
      ...o,
      backgroundColor: o.backgroundColor ?? bg ?? 'transparent',
      textStyle: { fontFamily: font, ...o.textStyle },
      aria: o.aria ?? { enabled: true },
    };
  };
  const draw = () => {
    const n = ++drawing;
    load().then((lib) => {
      if (n !== drawing || !el.isConnected) return; // newer props, or gone
      charts.add(self);
      watchTheme();
      for (const c of charts) if (!c.el.isConnected) c.dispose();
      try {
        theme = current();
        bg = backdrop(el.parentElement);
        host.hidden = false;
        chart ??= lib.init(host, theme);
        chart.setOption(option(), { notMerge: true });
        err.hidden = true;
      } catch (e) {
        fail('ECharts', e);
      }
    }, (e) => fail('ECharts could not be loaded', e));
  };
  const self = {
    el,
    dispose,
    update(np) {
      p = np;
      host.style.height = `${p.height || 400}px`;
      draw();
    },
    retheme() {
      if (!el.isConnected) return dispose();
      if (!chart) return;
      const t = current(), b = backdrop(el.parentElement);
      if (t === theme && b === bg) return;
      theme = t;
      bg = b;
      try {
        // setTheme keeps the option, and what the user did with it (a
        // series hidden from the legend, a zoom); only the background is new.
        chart.setTheme(t);
        if (p.option?.backgroundColor == null) chart.setOption({ backgroundColor: bg ?? 'transparent' });
      } catch (e) {
        fail('ECharts', e);
      }
    },
  };
  new ResizeObserver(() => chart?.resize()).observe(host);
  return self;
}

export default { echarts };
