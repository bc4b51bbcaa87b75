// Runs before the first paint (a classic script in index.html's head): the
// theme the user chose in the app menu or, failing that, the base of the
// app's [theme] as the last visit learnt it, or else the system's setting,
// so that the page does not flash another theme first, and style.css needs
// its dark palette once, under data-theme. theme.js, a module, does the
// rest, and owns the keys.
let theme = null;
try {
  const chosen = localStorage.getItem('gost.theme');
  const base = localStorage.getItem('gost.theme-base:' + new URL(document.baseURI).pathname);
  theme = chosen || base;
} catch {
  // Storage may be off: the system's setting decides.
}
if (theme !== 'light' && theme !== 'dark') {
  theme = matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}
document.documentElement.dataset.theme = theme;
