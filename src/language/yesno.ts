/**
 * Yes / no / unknown answers with polite and regional forms (dạ, vâng, ừ, uh, đc, ok; không, hông, thôi, để sau,
 * chưa), and sex (nam / nữ). Negation wins over agreement; questions back and "don't know" are unknown.
 */
import { normalize } from './normalize.ts';

export type YesNo = 'yes' | 'no';

/** Words that carry agreement on their own (not just politeness like `dạ`, `nhé`). */
const YES_CORE = new Set(['co', 'u', 'o', 'ok', 'vang', 'duoc', 'dung', 'yes', 'y', 'chuan', 'yep', 'yeah', 'ye', 'ua', 'phai', 'chot', 'muon', 'oc']);
const YES_PHRASES: readonly string[] = [
  'dong y', 'nhat tri', 'chac chan', 'tat nhien', 'dung roi', 'duoc roi', 'co chu', 'lam luon', 'dang ky luon', 'tham gia',
  'chinh xac', 'xac nhan', 'tiep tuc', 'tiep', 'roi', 'dung vay', 'chuan roi',
];
const NO_WORDS = new Set(['khong', 'chua', 'thoi', 'khoi', 'no', 'nope', 'deo', 'huy']);
const NO_PHRASES: readonly string[] = [
  'de sau', 'luc khac', 'de khi khac', 'hom khac', 'bo qua', 'tu choi', 'khong can', 'chua can', 'thoi khoi',
  'khong muon', 'chua muon', 'khong dong y', 'khong phai', 'dung lai', 'de em suy nghi', 'de toi suy nghi', 'suy nghi them',
  'de xem', 'tinh sau', 'de mai', 'sau nay', 'khong co', 'sai roi', 'sai', 'bo di', 'bo qua', 'hoi lai', 'hoi chong',
  'hoi vo', 'hoi y kien', 'ban lai', 'thang sau', 'tuan sau', 'lan sau', 'nam sau', 'hom sau', 'tinh them', 'xem lai',
  'nham', 'xem da', 'tra loi sau', 'bao sau', 'mai tra loi', 'de mai', 'tinh da', 'xem xet',
];
/** Questions back or "don't know": unknown, even when a yes/no word appears. */
const UNKNOWN_PHRASES: readonly string[] = [
  'khong biet', 'chua biet', 'khong ro', 'chua ro', 'la sao', 'la gi', 'the nao', 'nhu the nao', 'bao nhieu', 'tai sao',
  'vi sao', 'sao lai', 'nghia la', 'khong hieu', 'chua hieu', 'o dau', 'khi nao', 'bao gio', 'may', 'the sao',
  'co le', 'chua chac', 'khong chac', 'chac khong', 'phan van', 'luong lu', 'tuy', 'chac the',
];
const YES_EMOJI = /[👍👌✅❤♥💯🙆]/u;
const NO_EMOJI = /[👎❌🙅]/u;

function hasPhrase(tokens: readonly string[], phrase: string): boolean {
  return ` ${tokens.join(' ')} `.includes(` ${phrase} `);
}

export function parseYesNo(text: string): YesNo | undefined {
  const { nfc, tokens } = normalize(text);
  if (tokens.length === 0) {
    if (NO_EMOJI.test(nfc)) return 'no';
    if (YES_EMOJI.test(nfc)) return 'yes';
    return undefined;
  }
  if (UNKNOWN_PHRASES.some((p) => hasPhrase(tokens, p))) return undefined;
  if (hasPhrase(tokens, 'co chu') || hasPhrase(tokens, 'sao lai khong')) return 'yes';
  // "có … không?", "đóng rồi có rút được không": a question back, not an answer.
  if (tokens.length > 1 && isQuestion(text)) return undefined;
  // "đừng" alone is a no; "đúng" is folded to the same word, so rely on the accented text for it.
  const dung = nfc.includes('đừng');
  if (dung || NO_PHRASES.some((p) => hasPhrase(tokens, p))) return 'no';
  if (tokens.some((t) => NO_WORDS.has(t))) {
    // `ko sao`, `không vấn đề gì` agree; otherwise a negation word is a no.
    if (hasPhrase(tokens, 'khong sao') || hasPhrase(tokens, 'khong van de')) return 'yes';
    if (!(tokens.length > 1 && tokens[0] === 'co' && tokens.at(-1) === 'khong')) return 'no';
    return undefined;
  }
  // Agreement leads the answer (`dạ đồng ý`, `ok em`); a yes-word later in a sentence is part of something else
  // (`tôi ở phường Ba Đình`: `ở` folds to the yes-word `o`; `tôi có 2 con`).
  const lead = leading(tokens, nfc);
  if (YES_PHRASES.some((p) => hasPhrase(lead.slice(0, p.split(' ').length + 1), p) && lead.join(' ').startsWith(p))) return 'yes';
  if (lead[0] !== undefined && YES_CORE.has(lead[0])) return 'yes';
  if (YES_EMOJI.test(nfc)) return 'yes';
  // A bare polite particle (`dạ`, `dạ ạ`) is agreement too.
  if (tokens.every((t) => t === 'da' || t === 'a' || t === 'nha' || t === 'nhe' || t === 'em' || t === 'anh' || t === 'chi')) {
    return tokens.includes('da') ? 'yes' : undefined;
  }
  return undefined;
}

/** Politeness and pronouns that may come before the answer word (`dạ vâng`, `em đồng ý`, `tôi ok`). */
const LEAD_FILLERS = new Set(['da', 'thi', 'em', 'toi', 'minh', 'anh', 'chi', 'con', 'chau', 'uhm', 'a', 'vay']);
/** Folded words that stand for a yes-word only when typed as such: `ở`, `ủ`, `cỏ` are other words. */
const NOT_YES_ACCENTED = /(^|[^\p{L}])(ở|ỡ|ủ|ụ|cỏ|cọ|cố)([^\p{L}]|$)/u;

/** The answer's words after leading politeness; empty when a typed diacritic shows the first word is no yes-word. */
function leading(tokens: readonly string[], nfc: string): string[] {
  let i = 0;
  while (i < tokens.length - 1 && LEAD_FILLERS.has(tokens[i] as string) && !(tokens[i] === 'da' && tokens.length === 1)) i++;
  const rest = tokens.slice(i);
  if ((rest[0] === 'o' || rest[0] === 'u' || rest[0] === 'co') && NOT_YES_ACCENTED.test(nfc)) return [];
  // After a pronoun, in a longer sentence, `o`/`co` are ở/có of a statement (`toi o ha noi`, `tôi có 2 con`).
  if ((rest[0] === 'o' || rest[0] === 'u' || rest[0] === 'co') && tokens.slice(0, i).some((t) => t !== 'da') && tokens.length > 3) return [];
  return rest;
}

/** Question words (folded, teencode expanded); `không`/`chưa` at the end after `có`/`được`/`đã` ask too. */
const QUESTION_PHRASES: readonly string[] = [
  'bao nhieu', 'bao gio', 'khi nao', 'luc nao', 'o dau', 'cho nao', 'the nao', 'nhu nao', 'ra sao', 'tai sao', 'vi sao',
  'sao lai', 'la sao', 'the sao', 'lam sao', 'sao vay', 'la gi', 'cai gi', 'gi vay', 'gi a', 'duoc khong', 'phai khong',
  'co phai', 'hay khong', 'hay chua', 'the a', 'nao vay', 'nao a', 'co duoc',
];

/** Is the message a question back (`đóng rồi có rút được không`), even when it contains `không`? */
export function isQuestion(text: string): boolean {
  const { nfc, tokens } = normalize(text);
  if (nfc.includes('?')) return true;
  if (tokens.length < 2) return false;
  const joined = ` ${tokens.join(' ')} `;
  // Trailing politeness (`… không ạ`, `… chưa nhỉ`) does not change what the last word is.
  let end = tokens.length;
  while (end > 1 && ['a', 'nhe', 'nha', 'ah', 'vay', 'z', 'nhi', 'ha', 'em', 'ad', 'admin'].includes(tokens[end - 1] as string)) end--;
  const last = tokens[end - 1];
  if ((last === 'khong' || last === 'chua') && (tokens.slice(0, end - 1).some((t) => t === 'co' || t === 'duoc' || t === 'roi') || nfc.includes('đã'))) return true;
  // `à`, `hả`, `nhỉ` at the end; `a` alone is mostly the polite `ạ`, so only with its grave accent.
  if (/(^|[^\p{L}])(à|hả|nhỉ|hử)\s*$/u.test(nfc)) return true;
  return QUESTION_PHRASES.some((p) => joined.includes(` ${p} `));
}

export type Sex = 'male' | 'female';

const MALE_PHRASES: readonly string[] = ['dan ong', 'con trai', 'nam gioi', 'phai nam', 'male', 'man', 'trai', 'bac trai', 'anh'];
const FEMALE_PHRASES: readonly string[] = ['phu nu', 'con gai', 'nu gioi', 'dan ba', 'phai nu', 'female', 'woman', 'gai', 'chi', 'nu', 'bac gai'];
/** Forms of address that are only unambiguous with their diacritics (`bà` vs `ba`, `cô` vs `có`). */
const MALE_ACCENTED = /(^|[^\p{L}])(ông|chú)([^\p{L}]|$)/u;
const FEMALE_ACCENTED = /(^|[^\p{L}])(bà|cô|mẹ|thím|mợ)([^\p{L}]|$)/u;

/**
 * Sex, when the bot has asked for it. `năm` typed with diacritics is the number, not `nam` (male).
 * Both or neither → undefined.
 */
export function parseSex(text: string): Sex | undefined {
  const { nfc: typed, tokens: all } = normalize(text);
  // `chị ơi`, `anh ơi`, `chào cô`: the bot addressed, not the speaker's sex.
  const listener = /(^|[^\p{L}])(chào|cảm ơn|cám ơn)?\s*(anh|chị|cô|chú|bác|ông|bà|em)\s+(ơi|oi)([^\p{L}]|$)/gu;
  const nfc = typed.replace(listener, ' ').replace(/(^|[^\p{L}])(chào|cảm ơn|cám ơn)\s+(anh|chị|cô|chú|bác|ông|bà)([^\p{L}]|$)/gu, ' ');
  const tokens = nfc === typed ? all : normalize(nfc).tokens;
  const joined = ` ${tokens.join(' ')} `;
  const accentedNam = /(^|[^\p{L}])(năm|nắm|nằm|nấm)([^\p{L}]|$)/u.test(nfc);
  const maleNam = tokens.includes('nam') && !(accentedNam && !/(^|[^\p{L}])nam([^\p{L}]|$)/u.test(nfc));
  const male = maleNam || MALE_PHRASES.some((p) => joined.includes(` ${p} `)) || MALE_ACCENTED.test(nfc);
  const female = FEMALE_PHRASES.some((p) => joined.includes(` ${p} `)) || FEMALE_ACCENTED.test(nfc);
  if (male && female) {
    // Mixed answers are unknown, except that nam/nữ words win over forms of address (`chị là nam`? rare).
    const strongMale = maleNam || ['dan ong', 'con trai', 'nam gioi'].some((p) => joined.includes(` ${p} `));
    const strongFemale = ['phu nu', 'con gai', 'nu gioi', 'nu', 'dan ba'].some((p) => joined.includes(` ${p} `));
    if (strongMale && !strongFemale) return 'male';
    if (strongFemale && !strongMale) return 'female';
    return undefined;
  }
  if (male) return 'male';
  if (female) return 'female';
  return undefined;
}
