// Runs before the first paint (a classic script in index.html's head): the
// theme the user chose in the app menu, so a page in the other theme than
// the system's does not flash. theme.js, a module, does the rest, and
// owns the key.
try {
  const theme = localStorage.getItem('gost.theme');
  if (theme === 'light' || theme === 'dark') document.documentElement.dataset.theme = theme;
} catch {
  // Storage may be off: the system's theme shows until theme.js runs.
}
