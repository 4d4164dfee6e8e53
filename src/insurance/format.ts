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
