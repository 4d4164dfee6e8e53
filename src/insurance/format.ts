/**
 * `1.034.000 đ`: vi-VN digit grouping with dots, a space, then `đ`. Written by hand rather than with
 * Intl.NumberFormat('vi-VN', currency) because ICU puts a no-break space and `₫`, and builds of Node without full
 * ICU group differently; the bot must show the same text everywhere.
 */
export function formatVnd(n: number): string {
  const whole = Math.trunc(n);
  const sign = whole < 0 ? '-' : '';
  const digits = String(Math.abs(whole));
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${sign}${grouped} đ`;
}

/**
 * A date or month as users read it: `2026-11-22` → `22/11/2026`; `2049-05` → `05/2049`. The one formatter for
 * every date and month the bot, the calculator's notes and the summary show (the API keeps ISO `YYYY-MM`).
 */
export function viDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return d ? `${d}/${m}/${y}` : `${m}/${y}`;
}
