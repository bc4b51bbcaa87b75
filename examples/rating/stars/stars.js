// stars: a row of star buttons. gost calls render at first and whenever the
// props or the value change; setValue sends the number of stars chosen.

export default function render(el, { props, value, disabled, setValue }) {
  const n = Math.max(1, Math.min(10, props.stars | 0));
  let row = el.querySelector('.stars');
  if (!row || row.children.length !== n) {
    row = document.createElement('div');
    row.className = 'stars';
    row.setAttribute('role', 'radiogroup');
    row.style.cssText = 'display:flex;gap:.15rem;font-size:1.6rem;line-height:1';
    for (let i = 1; i <= n; i++) {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = '★';
      b.dataset.stars = String(i);
      b.setAttribute('role', 'radio');
      b.setAttribute('aria-label', `${i} star${i > 1 ? 's' : ''}`);
      b.style.cssText = 'border:0;background:none;padding:.1rem;cursor:pointer;font:inherit';
      // Clicking the chosen star again clears the rating.
      b.addEventListener('click', () => setValue(Number(el.dataset.value) === i ? 0 : i));
      row.append(b);
    }
    el.replaceChildren(row);
  }
  row.setAttribute('aria-label', props.label || 'Rating');
  el.dataset.value = String(value | 0);
  for (const b of row.children) {
    const on = Number(b.dataset.stars) <= (value | 0);
    b.style.color = on ? '#e8a600' : 'var(--muted, #888)';
    b.setAttribute('aria-checked', String(Number(b.dataset.stars) === (value | 0)));
    b.disabled = !!disabled;
  }
}
