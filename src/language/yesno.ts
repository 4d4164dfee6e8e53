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
  // "có … không?" is a question back, not an answer.
  const question = nfc.includes('?') || (tokens.length > 2 && tokens[0] === 'co' && tokens.at(-1) === 'khong');
  if (question && tokens.length > 1) return undefined;
  // "đừng" alone is a no; "đúng" is folded to the same word, so rely on the accented text for it.
  const dung = nfc.includes('đừng');
  if (dung || NO_PHRASES.some((p) => hasPhrase(tokens, p))) return 'no';
  if (tokens.some((t) => NO_WORDS.has(t))) {
    // `ko sao`, `không vấn đề gì` agree; otherwise a negation word is a no.
    if (hasPhrase(tokens, 'khong sao') || hasPhrase(tokens, 'khong van de')) return 'yes';
    if (!(tokens.length > 1 && tokens[0] === 'co' && tokens.at(-1) === 'khong')) return 'no';
    return undefined;
  }
  if (YES_PHRASES.some((p) => hasPhrase(tokens, p))) return 'yes';
  if (tokens.some((t) => YES_CORE.has(t))) return 'yes';
  if (YES_EMOJI.test(nfc)) return 'yes';
  // A bare polite particle (`dạ`, `dạ ạ`) is agreement too.
  if (tokens.every((t) => t === 'da' || t === 'a' || t === 'nha' || t === 'nhe' || t === 'em' || t === 'anh' || t === 'chi')) {
    return tokens.includes('da') ? 'yes' : undefined;
  }
  return undefined;
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
  const { nfc, tokens } = normalize(text);
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
