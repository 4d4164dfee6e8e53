/**
 * Removes what identifies a person from a message before it is kept for review: phone numbers, e-mail addresses,
 * long digit runs (ID card, social insurance and bank numbers), and names (after "tên tôi là / em tên / tôi là …",
 * and runs of capitalised words that start with a common Vietnamese family name). Over-redacting is fine here: the
 * text is kept to learn what people ask, not who asked.
 */
const SURNAMES = [
  'Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Ngô', 'Dương', 'Lý',
  'Đinh', 'Đoàn', 'Trịnh', 'Lương', 'Tạ', 'Quách', 'Chu', 'Tô', 'Triệu', 'Kiều',
];
// Not listed: family names that also start place names (Hà Nội, Hồ Chí Minh, Lâm Đồng, Thái Bình, Cao Bằng, Lai Châu…).
/** A word with either case of its first letter: "[Tt]ên". */
const ci = (w: string) => w.split(' ').map((x) => `[${x[0]!.toUpperCase()}${x[0]}]${x.slice(1)}`).join('\\s+');
const ME = `(?:${['tôi', 'em', 'mình', 'tui', 'con', 'cháu'].map(ci).join('|')})`;
const CAP = '\\p{Lu}[\\p{Ll}\\u0300-\\u036f]*';
const SURNAME_RUN = new RegExp(`(?<![\\p{L}])(?:${SURNAMES.join('|')})(?:\\s+${CAP}){1,3}(?![\\p{L}])`, 'gu');
const NAME_AFTER = new RegExp(
  `((?:${ci('tên')}\\s+${ME}\\s+là|${ME}\\s+(?:tên\\s+)?là|${ME}\\s+tên|${ci('tên')}\\s+là|${ci('họ tên')})\\s*:?\\s+)([\\p{L}\\u0300-\\u036f]+(?:\\s+${CAP}){0,3})`,
  'gu',
);
const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/gu;
/** Digit runs of 6 or more (spaces, dots, dashes inside): a phone when it looks like one, otherwise a number. */
const DIGITS = /\+?\d(?:[\s.-]?\d){5,}/gu;
const PHONE = /^(?:\+?84|0)\d{9,10}$/;

export function redact(text: string): string {
  return text
    .replace(EMAIL, '[email]')
    .replace(DIGITS, (run) => (PHONE.test(run.replace(/[\s.-]/g, '')) ? '[số điện thoại]' : '[số]'))
    .replace(NAME_AFTER, (_, lead: string) => `${lead}[tên]`)
    .replace(SURNAME_RUN, '[tên]')
    .trim();
}
