// Number formats of column_config (st.NumberColumn): a printf verb, as
// Streamlit's format= takes ("%.2f", "$%d", "%.1f%%"), or one of its
// presets. The server checked the format (st/column.go).

const PRESETS = {
  plain: (v) => String(v),
  localized: (v) => v.toLocaleString(),
  percent: (v) => `${(v * 100).toLocaleString(undefined, { maximumFractionDigits: 2 })}%`,
  dollar: (v) => v.toLocaleString('en-US', { style: 'currency', currency: 'USD' }),
  euro: (v) => v.toLocaleString('de-DE', { style: 'currency', currency: 'EUR' }),
  accounting: (v) => (v < 0 ? `(${Math.abs(v).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })})` : v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })),
  compact: (v) => v.toLocaleString('en-US', { notation: 'compact', maximumFractionDigits: 1 }),
  scientific: (v) => v.toExponential(3),
  engineering: (v) => v.toLocaleString('en-US', { notation: 'engineering', maximumFractionDigits: 3 }),
};

export function formatNumber(v, format) {
  if (PRESETS[format]) return PRESETS[format](v);
  return format.replace(/%([+\- 0,#]*)(\d*)(?:\.(\d+))?([difegsu%])/g, (_, flags, width, prec, verb) => {
    if (verb === '%') return '%';
    let s;
    const p = prec === undefined ? undefined : +prec;
    switch (verb) {
      case 'd': case 'i': case 'u': s = String(Math.round(v)); break;
      case 'f': s = v.toFixed(p ?? 6); break;
      case 'e': s = v.toExponential(p ?? 6); break;
      case 'g': s = p === undefined ? String(v) : String(+v.toPrecision(p || 1)); break;
      default: s = String(v);
    }
    if (flags.includes(',')) {
      const [int, frac] = s.split('.');
      s = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (frac ? `.${frac}` : '');
    }
    if (flags.includes('+') && v >= 0) s = `+${s}`;
    if (width && s.length < +width) s = (flags.includes('0') && !flags.includes('-') ? s.padStart(+width, '0') : flags.includes('-') ? s.padEnd(+width) : s.padStart(+width));
    return s;
  });
}
