/**
 * Server-rendered HTML with escaping by default: a tagged template (`html\`…${value}…\``) escapes every value
 * unless it is itself `html` output. Fifteen lines instead of a template engine: the pages are small, and a
 * dependency would add a second syntax for office developers to learn without adding safety.
 */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Part = Html | string | number | undefined | null | false | readonly Part[];

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function render(p: Part): string {
  if (p === undefined || p === null || p === false) return '';
  if (p instanceof Html) return p.value;
  if (Array.isArray(p)) return p.map(render).join('');
  return escapeHtml(String(p));
}

export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  let out = strings[0]!;
  values.forEach((v, i) => (out += render(v) + strings[i + 1]!));
  return new Html(out);
}

/** vi-VN integers: 1.034 */
export const num = (n: number): string => n.toLocaleString('vi-VN');

/** A date-time in Vietnam time, short: 03/12 14:05 */
export function viTime(iso: string | number): string {
  const d = new Date(typeof iso === 'number' ? iso : Date.parse(iso));
  return d.toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}
