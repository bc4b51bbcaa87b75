// Themes: light and dark, built into style.css as custom properties under
// :root[data-theme]. The page follows the system's setting until the user
// picks one in the app menu, which is remembered (localStorage). The
// [theme] of config.toml (a theme message) changes the colours of its base
// theme, light unless it says dark, and makes that theme the default.

const KEY = 'gost.theme'; // theme-early.js reads it too
const root = document.documentElement;
const system = matchMedia('(prefers-color-scheme: dark)');
let config = null;

// The [theme] keys, as Streamlit spells them, and the properties they set.
const props = {
  primaryColor: ['--accent'],
  backgroundColor: ['--bg'],
  secondaryBackgroundColor: ['--bg2', '--code-bg'],
  textColor: ['--fg'],
  linkColor: ['--link'],
  borderColor: ['--border'],
};
const fonts = {
  'sans serif': null, // the built-in stack
  'sans-serif': null,
  serif: 'Georgia, "Times New Roman", serif',
  monospace: 'var(--mono)',
};
const radii = { none: '0', small: '.25rem', medium: '.5rem', large: '1rem', full: '1.5rem' };

// choice is what the user picked: "system", "light" or "dark".
export function choice() {
  try {
    return localStorage.getItem(KEY) || 'system';
  } catch {
    return 'system';
  }
}

export function choose(mode) {
  try {
    if (mode === 'system') localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, mode);
  } catch {
    // Storage may be off: the choice lasts as long as the page.
  }
  chosen = mode;
  apply();
}

let chosen = choice();

// current is the theme shown: "light" or "dark".
export function current() {
  if (chosen !== 'system') return chosen;
  if (config?.base) return config.base;
  return system.matches ? 'dark' : 'light';
}

function apply() {
  const theme = current();
  root.dataset.theme = theme;
  const custom = config && theme === (config.base || 'light');
  for (const [key, names] of Object.entries(props)) {
    for (const name of names) {
      if (custom && config[key]) root.style.setProperty(name, config[key]);
      else root.style.removeProperty(name);
    }
  }
  const font = custom && config.font ? (config.font in fonts ? fonts[config.font] : `"${config.font}", var(--sans)`) : null;
  if (font) root.style.setProperty('--font', font);
  else root.style.removeProperty('--font');
  const radius = custom && config.baseRadius ? (radii[config.baseRadius] ?? config.baseRadius) : null;
  if (radius) root.style.setProperty('--radius', radius);
  else root.style.removeProperty('--radius');
  root.style.colorScheme = theme;
}

// The base of the app's [theme], remembered per app (its base path) for
// theme-early.js to apply on the next load before the first paint.
const BASE_KEY = 'gost.theme-base:' + new URL(document.baseURI).pathname;

// setConfig takes the theme message of config.toml's [theme].
export function setConfig(m) {
  const { t, ...rest } = m;
  config = rest;
  try {
    if (config.base) localStorage.setItem(BASE_KEY, config.base);
    else localStorage.removeItem(BASE_KEY);
  } catch {
    // Storage may be off: the next load shows the system's theme first.
  }
  apply();
}

system.addEventListener('change', apply);
apply();
