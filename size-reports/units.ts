// Byte counts for people: exact bytes with separators, diffs with ▲/▼ and percent, and the
// byte sizes budget files may use ("4000", "4 kB", "3.5 KiB", "1 MB").
export function bytes(n: number | null | undefined): string {
  if (n === null || n === undefined) return '–';
  var s = String(Math.abs(Math.round(n))).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (n < 0 ? '−' : '') + s;
}

export function pct(p: number | null): string {
  if (p === null) return '';
  var a = Math.abs(p);
  return (p > 0 ? '+' : p < 0 ? '−' : '±') + (a !== 0 && a < 0.1 ? a.toFixed(2) : a.toFixed(1)) + '%';
}

/** '▲ +120 B (+2.8%)', '▼ −40 B (−1.0%)', '±0', 'new', 'removed' */
export function delta(d: { base: number | null; head: number | null; delta: number | null; pct: number | null }): string {
  if (d.base === null && d.head !== null) return 'new';
  if (d.head === null && d.base !== null) return 'removed';
  if (d.delta === null) return '';
  if (d.delta === 0) return '±0';
  var sign = d.delta > 0 ? '▲ +' : '▼ −';
  return `${sign}${bytes(Math.abs(d.delta))} B` + (d.pct !== null ? ` (${pct(d.pct)})` : '');
}

var UNITS: Record<string, number> = { b: 1, kb: 1e3, mb: 1e6, kib: 1024, mib: 1024 * 1024, k: 1e3, m: 1e6 };

/** A budget limit: a number of bytes or a string like '4 kB' / '3.5KiB' / '900000 B'; NaN if invalid. */
export function parseBytes(v: unknown): number {
  if (typeof v === 'number') return v >= 0 && isFinite(v) ? v : NaN;
  if (typeof v !== 'string') return NaN;
  var m = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(v.replace(/[_,]/g, ''));
  if (!m) return NaN;
  var u = m[2] ? UNITS[m[2].toLowerCase()] : 1;
  return u ? Math.round(parseFloat(m[1]) * u) : NaN;
}
