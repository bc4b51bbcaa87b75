// The app menu, as Streamlit's (⋮ at the top right): rerun, clear caches,
// the theme, print, about. R and C are its keyboard shortcuts, except while
// typing into a control. Clearing the caches is a developer's option, as in
// Streamlit: offered on this machine only, which the server checks too.

import { h } from './dom.js';
import * as theme from './theme.js';

// actions: rerun() and clearCaches().
export function menu(actions) {
  const button = h('button', {
    type: 'button', id: 'menu-button', class: 'menu-button',
    'aria-label': 'Main menu', 'aria-haspopup': 'menu', 'aria-expanded': 'false', text: '⋮',
  });
  const list = h('div', { id: 'menu-list', class: 'menu-list', role: 'menu', hidden: true });
  const about = h('dialog', { id: 'about', class: 'about' },
    h('p', { text: 'Made with gost, the Streamlit way of writing web apps, in Go.' }),
    h('form', { method: 'dialog' }, h('button', { class: 'btn', text: 'Close' })));
  const toast = h('div', { id: 'menu-toast', class: 'menu-toast', role: 'status', 'aria-live': 'polite' });

  const close = () => {
    list.hidden = true;
    button.setAttribute('aria-expanded', 'false');
  };
  const item = (text, key, act) => {
    // The key shows from CSS (data-key), so the item's text is its name.
    const b = h('button', { type: 'button', role: 'menuitem', class: 'menu-item',
      'aria-keyshortcuts': key, 'data-key': key, text });
    b.addEventListener('click', () => {
      close();
      act();
    });
    return b;
  };
  const say = (text) => {
    toast.textContent = text;
    clearTimeout(say.timer);
    say.timer = setTimeout(() => { toast.textContent = ''; }, 2500);
  };
  const developer = ['localhost', '127.0.0.1', '[::1]'].includes(location.hostname);
  const clearCaches = () => {
    actions.clearCaches();
    say('Caches cleared.');
  };
  const themes = h('div', { class: 'menu-themes', role: 'group', 'aria-label': 'Theme' });
  const modes = ['system', 'light', 'dark'].map((mode) => {
    const b = h('button', { type: 'button', role: 'menuitemradio', class: 'menu-theme', 'data-mode': mode,
      text: mode[0].toUpperCase() + mode.slice(1) });
    b.addEventListener('click', () => {
      theme.choose(mode);
      mark();
      close();
    });
    themes.append(b);
    return b;
  });
  const mark = () => modes.forEach((b) => b.setAttribute('aria-checked', String(b.dataset.mode === theme.choice())));
  mark();

  list.append(
    item('Rerun', 'R', actions.rerun),
    developer ? item('Clear caches', 'C', clearCaches) : '',
    h('div', { class: 'menu-label', text: 'Theme' }), themes,
    item('Print', '', () => print()),
    item('About', '', () => about.showModal()),
  );
  button.addEventListener('click', () => {
    const open = list.hidden;
    list.hidden = !open;
    button.setAttribute('aria-expanded', String(open));
    if (open) list.querySelector('button')?.focus();
  });
  document.addEventListener('click', (e) => {
    if (!list.hidden && !list.contains(e.target) && e.target !== button) close();
  });
  list.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      close();
      button.focus();
    }
  });
  document.addEventListener('keydown', (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey || e.repeat) return;
    const t = e.target;
    if (t.closest?.('input, textarea, select, [contenteditable], dialog')) return;
    const key = e.key.toLowerCase();
    if (key === 'r') actions.rerun();
    else if (key === 'c' && developer) clearCaches();
    else return;
    e.preventDefault();
  });
  document.getElementById('menu').append(button, list, about, toast);
}
