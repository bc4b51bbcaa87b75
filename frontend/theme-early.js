// Runs before the first paint (a classic script in index.html's head): the
// theme the user chose in the app menu or, failing that, the base of the
// app's [theme] as the last visit learnt it, so that the page does not
// flash the system's theme first. theme.js, a module, does the rest, and
// owns the keys.
try {
  const chosen = localStorage.getItem('gost.theme');
  const base = localStorage.getItem('gost.theme-base:' + new URL(document.baseURI).pathname);
  const theme = chosen || base;
  if (theme === 'light' || theme === 'dark') document.documentElement.dataset.theme = theme;
} catch {
  // Storage may be off: the system's theme shows until theme.js runs.
}
