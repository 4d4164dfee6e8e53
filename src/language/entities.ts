/**
 * Details found anywhere in a message, not only at the step that asks for them: birth (date, year, two-digit year,
 * age, zodiac year), sex (nam/nữ or the speaker's own form of address), months paid (voluntary + compulsory, with
 * the employer salary), income with its period, the amount the user can pay, province/commune, support group and
 * phone. Each figure is told apart by the words around it in its clause: `đóng được 1 triệu` is what the user can
 * pay, `lương công ty 7 triệu` the past salary, `150k/ngày` a daily income. Only what the user said; never a guess.
 */
import { z } from 'zod';
import { monthsSince, NEVER_PAID, parseBirth, periodSpans, type BirthResult, type PeriodSpan } from './dates.ts';
import { repairWord } from './fuzzy.ts';
import { lex, type Token } from './lexer.ts';
import { moneySpans, type MoneySpan } from './money.ts';
import { TEENCODE } from './normalize.ts';
import { parsePhone } from './phone.ts';
import { matchPlace } from './places.ts';

export const incomeVndSchema = z.union([z.number().int().nonnegative(), z.object({ min: z.number().int(), max: z.number().int() }).strict()]);
export const groupSchema = z.enum(['poor', 'near_poor', 'ethnic_minority', 'island_zone', 'other']);

/** The `entities` object of `npm run understand` (issue 11), the same names as the session variables' contract. */
export const entitiesSchema = z
  .object({
    birth: z.string().regex(/^(\d{4}(-\d{2}(-\d{2})?)?|AGE:\d{1,3})$/u).optional(),
    sex: z.enum(['male', 'female']).optional(),
    paidMonths: z.number().int().nonnegative().optional(),
    incomeVnd: incomeVndSchema.optional(),
    incomePeriod: z.enum(['month', 'day', 'year']).optional(),
    contributionVnd: z.number().int().positive().optional(),
    provinceCode: z.string().regex(/^\d{2}$/u).optional(),
    wardCode: z.string().regex(/^\d{5}$/u).optional(),
    group: groupSchema.optional(),
    phone: z.string().regex(/^\+\d{8,15}$/u).optional(),
  })
  .strict();
export type Entities = z.infer<typeof entitiesSchema>;
export type SupportGroup = z.infer<typeof groupSchema>;
export type IncomePeriod = 'month' | 'day' | 'year' | 'week' | 'season';

/** Everything read from a message: the entities plus the parts the engine keeps apart (compulsory months, salary). */
export interface Details extends Omit<Entities, 'incomePeriod'> {
  /** `week` and `season` (per crop, per season) are kept here so the flow can ask; they are not monthly. */
  incomePeriod?: IncomePeriod;
  /** Part of `paidMonths` worked for an employer (`đi làm công ty 12 năm`, `đóng bắt buộc 5 năm`). */
  compulsoryMonths?: number;
  /** Monthly salary of the compulsory period, when said (`lương công ty 7 triệu`). */
  pastSalaryVnd?: number;
}

/** Tokens that end a clause: a cue in one clause says nothing about a figure in the next. */
const CLAUSE_END = new Set([',', '.', ';', '?', '!', '\n', '(', ')']);
/** Words that start a new clause without punctuation (`... 7 triệu giờ bán hàng 4 triệu`). */
const CLAUSE_WORDS = new Set(['con', 'nhung', 'gio', 'hien', 'nay', 'sau']);

interface Clause {
  start: number;
  end: number;
}

function clauseAround(tokens: readonly Token[], i: number): Clause {
  let start = i;
  while (start > 0 && !CLAUSE_END.has(tokens[start - 1]?.raw ?? '') && !isClauseWord(tokens, start - 1)) start--;
  let end = i;
  while (end < tokens.length && !CLAUSE_END.has(tokens[end]?.raw ?? '') && !(end > i && isClauseWord(tokens, end))) end++;
  return { start, end };
}

/** `còn`, `nhưng`, `giờ`, `hiện (tại|nay)`, `bây giờ` begin a new clause; `năm nay` / `sau này` do not. */
function isClauseWord(tokens: readonly Token[], k: number): boolean {
  const t = tokens[k];
  if (t === undefined || !t.plain && !['còn', 'nhưng', 'giờ', 'hiện'].includes(t.raw)) return false;
  if (!CLAUSE_WORDS.has(t.f)) return false;
  if (t.f === 'nay' || t.f === 'sau') return false;
  if (t.f === 'con' && t.raw !== 'còn' && !t.plain) return false;
  if (t.f === 'gio' && tokens[k - 1]?.f === 'bao') return false;
  return true;
}

const words = (tokens: readonly Token[], from: number, to: number): string =>
  ` ${tokens.slice(Math.max(0, from), Math.max(0, to)).map((t) => t.f).join(' ')} `;
const has = (text: string, phrases: readonly string[]): boolean => phrases.some((p) => text.includes(` ${p} `));

// ---- birth ------------------------------------------------------------------------------------------------------

const BIRTH_CUES = ['sinh', 'sn', 'ns', 'de', 'tuoi'];
/** Before an age, words that make it a condition, not the user's age (`đủ 60 tuổi`, `đến 62 tuổi`). */
const AGE_NOT_MINE = ['du', 'den', 'luc', 'khi', 'tren', 'duoi', 'tu', 'sau', 'hon', 'qua', 'bao nhieu', 'may', 'nghi huu', 've huu'];
/** The same, only when typed with diacritics (plain `toi` is more often tôi, plain `o` may be ờ). */
const AGE_NOT_MINE_ACCENTED = new Set(['tới', 'ở']);

function birthOf(tokens: readonly Token[], text: string, now: Date): string | undefined {
  const b = parseBirth(text, now);
  if (!b) return undefined;
  if (b.kind === 'age') return ageIsMine(tokens, b.years) ? `AGE:${b.years}` : undefined;
  // A year alone is a birth year only with a birth word or a date; `đóng từ năm 2015` is not a birth.
  const at = tokens.findIndex((t) => t.digits && t.raw.includes(String(b.year)) || t.digits && t.raw.length === 2 && `19${t.raw}` === String(b.year) || t.digits && `20${t.raw}` === String(b.year));
  if (at >= 0) {
    const c = clauseAround(tokens, at);
    const before = words(tokens, c.start, at);
    const dated = b.month !== undefined;
    const paidSince = /\s(tu|den|toi)( thang)?( nam)?\s*$/u.test(before) || has(before, ['dong', 'tham gia', 'nghi viec', 'di lam', 'lam']) && !has(before, BIRTH_CUES);
    if (paidSince) return undefined;
    if (!dated && !has(before, BIRTH_CUES) && !has(words(tokens, at + 1, c.end), ['tuoi'])) {
      // A bare year (`mình nữ, 1983, …`) is a birth year, unless it dates something else (`năm 2020`, `trước 2021`).
      const lead = words(tokens, Math.max(c.start, at - 2), at);
      if (has(lead, ['nam', 'truoc', 'sau', 'tu', 'den', 'vao', 'luc', 'khi', 'hoi', 'dong', 'nop', 'tham gia', 'nghi', 'thang'])) return undefined;
    }
  }
  return formatBirth(b);
}

function formatBirth(b: Extract<BirthResult, { kind: 'birth' }>): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return [String(b.year), b.month === undefined ? undefined : pad(b.month), b.day === undefined ? undefined : pad(b.day)]
    .filter((x) => x !== undefined).join('-');
}

function ageIsMine(tokens: readonly Token[], years: number): boolean {
  const at = tokens.findIndex((t) => t.digits && Number(t.raw) === years);
  if (at < 0) return true;
  const c = clauseAround(tokens, at);
  const before = words(tokens, Math.max(c.start, at - 3), at);
  const after = words(tokens, at + 1, Math.min(c.end, at + 5));
  if (has(before, AGE_NOT_MINE) || tokens.slice(Math.max(c.start, at - 2), at).some((t) => AGE_NOT_MINE_ACCENTED.has(t.raw))) return false;
  return !has(after, ['nghi huu', 've huu', 'moi duoc', 'thi duoc', 'duoc nghi', 'duoc huong']);
}

// ---- sex --------------------------------------------------------------------------------------------------------

type Sex = 'male' | 'female';
/** Forms of address the speaker uses for themself (accented as typed; the plain forms collide with other words). */
const SELF_ACCENTED: Readonly<Record<string, Sex>> = {
  anh: 'male', 'chú': 'male', 'ông': 'male', 'chị': 'female', 'cô': 'female', 'bà': 'female', 'dì': 'female', 'thím': 'female',
  'mợ': 'female',
};
const SELF_PLAIN: Readonly<Record<string, Sex>> = { anh: 'male', chu: 'male', ong: 'male', chi: 'female', cj: 'female', co: 'female', ba: 'female' };
/** After a form of address, words showing it is the subject speaking about themself. */
const SELF_VERBS = new Set([
  'sinh', 'sn', 'nam', 'da', 'dang', 'co', 'muon', 'la', 'ten', 'di', 'lam', 'o', 'moi', 'khong', 'ko', 'chua', 'tuoi', 'duoc',
  'dong', 'hoi', 'dinh', 'tham', 'ban', 'kiem', 'can', 'nghi', 'that', 'thu', 'luong', 'vua', 'cung', 'hien', 'nay', 'chi',
  'dc', 'tinh', 'song', 'que', 'thuoc', 'nha', 'dang', 'k', 'bay', 'gio', 'nguoi', 'se',
]);
/** Before a form of address, words showing it names the listener (`chào chị`, `cảm ơn anh`, `hỏi chị`). */
const TO_LISTENER = new Set(['chao', 'on', 'hoi', 'voi', 'nho', 'gui', 'thua', 'bao', 'giup', 'nhe', 'xin']);
/** In the same clause, the speaker names themself as the one asking (`chị cho em hỏi`): the form is the listener. */
const SPEAKER_ELSEWHERE = ['cho em', 'cho toi', 'cho minh', 'cho con', 'cho chau', 'giup em', 'giup toi', 'giup minh', 'em hoi', 'em muon', 'e hoi', 'cho e'];

function sexOf(tokens: readonly Token[]): Sex | undefined {
  const stated = statedSex(tokens);
  if (stated) return stated;
  const seen = new Set<Sex>();
  for (let k = 0; k < tokens.length; k++) {
    const s = selfReference(tokens, k);
    if (s) seen.add(s);
  }
  return seen.size === 1 ? [...seen][0] : undefined;
}

/** `nam`/`nữ` as an answer or a description (`..., nam, ...`, `tôi là nữ`, `nam giới`, `phụ nữ`, `đàn ông`). */
function statedSex(tokens: readonly Token[]): Sex | undefined {
  const all = words(tokens, 0, tokens.length);
  const seen = new Set<Sex>();
  if (has(all, ['dan ong', 'nam gioi', 'phai nam', 'gioi tinh nam', 'bac trai'])) seen.add('male');
  if (has(all, ['phu nu', 'nu gioi', 'dan ba', 'phai nu', 'gioi tinh nu', 'bac gai'])) seen.add('female');
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k] as Token;
    // `nữ` / plain `nu` collide with no number word: wherever they stand (`phụ nữ` too).
    if (t.raw === 'nữ' || (t.plain && t.f === 'nu')) seen.add('female');
    if (t.raw === 'nam' && standsAlone(tokens, k)) seen.add('male');
  }
  return seen.size === 1 ? [...seen][0] : undefined;
}

/** Words after `nam` that make it part of a place name (`Nam Định`, `Nam Bộ`, `Nam Từ Liêm`). */
const NAM_IN_PLACE_AFTER = new Set(['dinh', 'bo', 'trung', 'phi', 'my', 'han', 'ky', 'tu', 'sach', 'dan', 'giang', 'truc', 'cuong', 'ninh', 'dong', 'thanh', 'hoa', 'phuoc', 'tra', 'tan', 'hong', 'hai', 'song', 'chau', 'a', 'du', 'cat']);
/** Words after a plain `nam` that make it năm (`nam nay`, `nam 1972`, `nam sinh`, `nam roi`). */
const NAM_AFTER_YEAR = new Set(['nay', 'sinh', 'ngoai', 'truoc', 'sau', 'roi', 'ruoi', 'toi', 'nao', 'qua', 'moi', 'kia', 'do', 'thu', 'dinh', 'bo', 'tay', 'phi', 'my', 'han', 'trung', 'thang', 'ngay', 'la', 'duoc', 'dong']);
/** Words before a plain `nam` that make it năm or a place (`sinh nam`, `Hà Nam`, `mỗi năm`). */
const NAM_BEFORE_YEAR = new Set(['sinh', 'ha', 'quang', 'viet', 'mien', 'moi', 'hang', 'mot', 'nhieu', 'may', 'cac', 'nhung', 'trong', 'cuoi', 'dau', 'giua', 'tu', 'den', 'vao', 'thang', 'ngay', 'nua', 'hai', 'ba', 'bon', 'muoi', 'chuc', 'tram', 'nam', 'cua', 'sau', 'truoc']);

/** `nam`/`nu` as a word of its own: at a clause edge or after `là`/`giới tính`, not inside a date or a name. */
function standsAlone(tokens: readonly Token[], k: number): boolean {
  const prev = tokens[k - 1];
  const next = tokens[k + 1];
  // `sinh năm 79 nam`, `sn 1977 nam`: after a birth year the word is the sex, not a unit of that figure.
  const afterBirthYear = prev?.digits === true && (prev.raw.length === 4 || ['sinh', 'sn', 'nam'].includes(tokens[k - 2]?.f ?? ''));
  if ((prev?.digits && !afterBirthYear) || prev?.raw === '/' || (prev && NAM_BEFORE_YEAR.has(prev.f))) return false;
  if (next && !CLAUSE_END.has(next.raw)) {
    // `nam 52t` is a man of 52; `nam 62 tuổi mới nghỉ hưu` is the rule for men, not the speaker.
    if (next.digits) return ['tuoi', 't'].includes(tokens[k + 2]?.f ?? '') && ageIsMine(tokens, Number(next.raw));
    // In a message typed with diacritics, `nam` is not năm (`tôi nam sinh 1975`); only a place name remains.
    const accents = tokens.some((t) => !t.plain);
    // `toi nam sinh 1968`: after a pronoun `năm sinh` would not be grammatical, so it is the sex.
    if (next.f === 'sinh' && prev && ['toi', 'em', 'minh', 'anh', 'chu', 'ong', 'la'].includes(prev.f)) return true;
    if (accents ? NAM_IN_PLACE_AFTER.has(next.f) : NAM_AFTER_YEAR.has(next.f) || NAM_IN_PLACE_AFTER.has(next.f)) return false;
  }
  return true;
}

function selfReference(tokens: readonly Token[], k: number): Sex | undefined {
  const t = tokens[k] as Token;
  const sex = t.raw === 'cj' ? 'female' : SELF_ACCENTED[t.raw] ?? (t.plain ? SELF_PLAIN[t.f] : undefined);
  if (!sex) return undefined;
  const prev = tokens[k - 1];
  const next = tokens[k + 1];
  if (t.f === 'bac') return undefined;
  const c = clauseAround(tokens, k);
  // `cho chị hỏi`, `giúp chú với`: the form is the one asking.
  if (prev?.f === 'cho' && ['hoi', 'biet', 'xin', 'dang', 'tinh', 'tham'].includes(next?.f ?? '')) return sex;
  if (prev && !CLAUSE_END.has(prev.raw) && TO_LISTENER.has(prev.f)) return undefined;
  if (!next || CLAUSE_END.has(next.raw) || ['oi', 'a', 'ah', 'nhe', 'nha', 'cho', 'giup', 'xem', 'tu', 'van'].includes(next.f)) return undefined;
  if (has(words(tokens, c.start, c.end), SPEAKER_ELSEWHERE)) return undefined;
  // Plain `co`, `ba`, `chi` are far more often có, ba (three / dad), chỉ: only after `cho … hỏi` above.
  if (t.plain && t.raw !== 'cj' && ['co', 'ba', 'chi', 'chu', 'ong'].includes(t.f)) return undefined;
  // `nhà chị`, `gia đình chị`, `của chị`: the speaker's own household.
  if (prev && ['nha', 'dinh', 'cua'].includes(prev.f)) return sex;
  const atStart = k === c.start || ['da', 'vang', 'thi', 'la', 'ma', 'nhu'].includes(prev?.f ?? '');
  if (!atStart) return undefined;
  return next.digits || SELF_VERBS.has(next.f) ? sex : undefined;
}

// ---- months paid --------------------------------------------------------------------------------------------------

const PAID_CUES = ['dong', 'nop', 'tham gia', 'bhxh', 'bao hiem', 'bat buoc', 'tu nguyen', 'co so', 'so bhxh'];
const EMPLOYMENT = [
  'cong ty', 'cty', 'di lam', 'xi nghiep', 'nha may', 'cong nhan', 'co quan', 'doanh nghiep', 'bien che', 'bat buoc', 'lam thue',
  'khu cong nghiep', 'kcn', 'nha nuoc', 'hop dong',
];
/** Before a period: a wish, a condition or the future (`nếu đóng 20 năm`, `cần đóng thêm 5 năm`, `còn 3 năm`). */
const NOT_YET = ['neu', 'muon', 'can', 'phai', 'them', 'sau', 'trong', 'toi thieu', 'it nhat', 'du', 'con', 'se', 'dinh', 'bao nhieu', 'may', 'cho'];
/** Folded NOT_YET words that are other words with other diacritics (`máy` is no `mấy`, `cán` no `cần`, `con` no `còn`). */
const NOT_YET_AS_TYPED: Readonly<Record<string, string>> = { may: 'mấy', can: 'cần', con: 'còn', du: 'đủ', se: 'sẽ', dinh: 'định', phai: 'phải', cho: 'cho' };

/**
 * The words of tokens[from, to) with the folded collisions of NOT_YET dropped when typed as the other word. In a
 * message typed with diacritics a plain word is as typed (`xí nghiệp may` is sewing, not mấy).
 */
function notYetWords(tokens: readonly Token[], from: number, to: number): string {
  const accents = tokens.some((t) => !t.plain);
  return ` ${tokens.slice(Math.max(0, from), Math.max(0, to)).map((t) => {
    const typed = NOT_YET_AS_TYPED[t.f];
    return typed === undefined || (t.plain && !accents) || t.raw === typed ? t.f : '·';
  }).join(' ')} `;
}

interface Paid {
  months: number;
  compulsory: number;
}

function paidOf(tokens: readonly Token[], periods: readonly PeriodSpan[], money: readonly MoneySpan[], now: Date): Paid | undefined {
  let months = 0;
  let compulsory = 0;
  let found = false;
  for (const p of periods) {
    const kind = paidKind(tokens, p, money);
    if (!kind) continue;
    found = true;
    months += p.months;
    if (kind === 'compulsory') compulsory += p.months;
  }
  if (found) return { months: Math.round(months), compulsory: Math.round(compulsory) };
  const all = words(tokens, 0, tokens.length);
  if (has(all, PAID_CUES)) {
    const since = monthsSince(tokens, now);
    if (since !== undefined) return { months: since, compulsory: has(all, EMPLOYMENT) ? since : 0 };
  }
  if (NEVER_PAID.test(all)) return { months: 0, compulsory: 0 };
  return undefined;
}

/** Is this period time already paid, and for an employer or voluntarily? */
function paidKind(tokens: readonly Token[], p: PeriodSpan, money: readonly MoneySpan[]): 'compulsory' | 'voluntary' | undefined {
  // `50 triệu 1 năm`, `3tr/tháng`: the period of an income.
  if (money.some((m) => m.end === p.start || (m.end === p.start - 1 && ['/', 'moi', 'mot'].includes(tokens[m.end]?.f ?? '')))) return undefined;
  const c = clauseAround(tokens, p.start);
  const before = notYetWords(tokens, Math.max(c.start, p.start - 3), p.start);
  const after = words(tokens, p.end, Math.min(c.end, p.end + 3));
  // Right after the period: `20 năm nữa`, `20 năm thì`, `15 năm mới được` are a condition or the future.
  const next = tokens[p.end];
  if (has(before, NOT_YET) || (next && ['nua', 'thi', 'moi', 'sau'].includes(next.f)) || next?.raw === 'tới') return undefined;
  // The nearest cue wins: `10 năm bắt buộc với 3 năm tự nguyện`.
  const right = words(tokens, p.end, Math.min(c.end, p.end + 2));
  if (has(right, ['tu nguyen'])) return 'voluntary';
  if (has(right, ['bat buoc'])) return 'compulsory';
  const clause = words(tokens, c.start, c.end);
  const left = words(tokens, c.start, p.start);
  const paid = has(clause, PAID_CUES) || has(left, EMPLOYMENT) || (has(left, ['duoc', 'da']) && has(after, ['roi']));
  if (!paid) return undefined;
  if (has(left, ['tu nguyen'])) return 'voluntary';
  return has(left, EMPLOYMENT) ? 'compulsory' : 'voluntary';
}

// ---- money ------------------------------------------------------------------------------------------------------

const CONTRIBUTION_VERBS = new Set(['dong', 'nop']);
const INCOME_CUES = ['luong', 'thu nhap', 'kiem', 'lam duoc', 'ban duoc', 'lai', 'thu', 'tien cong', 'muc luong', 'loi nhuan', 'doanh thu'];
/** Figures that are no detail of the user's: a wished pension, a price, support, a benefit. */
const OTHER_MONEY = ['luong huu', 'huu', 'ho tro', 'tro cap', 'gia', 'vang', 'tien thai san', 'duoc huong', 'nhan duoc', 'linh', 'rut', 'no'];

type MoneyRole = 'income' | 'contribution' | 'past_salary' | 'other';

function roleOf(tokens: readonly Token[], m: MoneySpan): MoneyRole {
  const c = clauseAround(tokens, m.start);
  const left = words(tokens, c.start, m.start);
  // The nearest cue to the left decides: `đóng được 1 triệu` vs `đóng theo thu nhập 5 triệu`.
  for (let k = m.start - 1; k >= c.start; k--) {
    const t = tokens[k] as Token;
    const two = `${t.f} ${tokens[k + 1]?.f ?? ''}`;
    if (has(` ${two} `, OTHER_MONEY) || OTHER_MONEY.includes(t.f)) return 'other';
    if (has(` ${two} `, INCOME_CUES) || INCOME_CUES.includes(t.f) || t.f === 'theo' || t.f === 'muc' && tokens[k - 1]?.f !== 'dong') {
      if (has(left, EMPLOYMENT) || has(left, ['cu', 'hoi do', 'hoi truoc', 'luc do', 'truoc day', 'truoc kia'])) return 'past_salary';
      // `đi làm công ty 12 năm, lương 7 triệu`: a salary right after the employment clause is that job's.
      if (t.f === 'luong' && k === c.start && c.start > 0 && tokens[c.start - 1]?.raw === ',') {
        const prevClause = clauseAround(tokens, c.start - 2);
        if (has(words(tokens, prevClause.start, prevClause.end), EMPLOYMENT)) return 'past_salary';
      }
      return 'income';
    }
    // `đồng` (the currency) folds to dong too: only `đóng` typed, or a plain `dong`, is the verb.
    if (CONTRIBUTION_VERBS.has(t.f) && (t.raw === 'đóng' || t.raw === 'nộp' || t.plain)) return 'contribution';
  }
  if (has(left, EMPLOYMENT)) return 'past_salary';
  // A bare run of digits with no unit, currency or cue (`091234567`) is no income of anybody's.
  if (m.end - m.start === 1 && tokens[m.start]?.digits) return 'other';
  return 'income';
}

/** `150k/ngày`, `1 ngày 300k`, `mỗi năm 60tr`, `50 triệu 1 năm`, `một vụ 20 triệu`. Undefined: monthly or not said. */
function periodOf(tokens: readonly Token[], m: MoneySpan): IncomePeriod | undefined {
  const unit = (t: Token | undefined): IncomePeriod | undefined => {
    if (!t) return undefined;
    if (t.f === 'ngay' || t.f === 'hom') return 'day';
    if (t.f === 'thang' || t.f === 'th' || t.f === 'thg') return 'month';
    if (t.f === 'nam' && t.raw !== 'nắm') return 'year';
    if (t.f === 'tuan') return 'week';
    if (t.f === 'vu' || t.f === 'mua') return 'season';
    return undefined;
  };
  const a = tokens[m.end];
  const b = tokens[m.end + 1];
  // After: `/ngày`, `1 năm`, `một ngày`, `mỗi tháng`, `ngày` (a plain `nam` right after a figure may be the sex: not alone).
  if (a && ['/', 'moi', 'mot', '1', 'mot', 'a', 'trong', 'cho'].includes(a.f)) {
    const u = unit(b);
    if (u && !(b?.f === 'nam' && tokens[m.end + 2]?.f === 'nay')) return u;
  }
  const direct = unit(a);
  if (direct && !(a?.f === 'nam' && a.plain) && !['nay', 'nao'].includes(b?.f ?? '')) return direct;
  // Before: `mỗi ngày 300k`, `1 năm được 60tr`, `ngày kiếm 200k`, but not `năm nay`, `hôm nay`, `tháng 7`.
  const c = clauseAround(tokens, m.start);
  for (let k = m.start - 1; k >= Math.max(c.start, m.start - 8); k--) {
    const u = unit(tokens[k]);
    if (!u) continue;
    const next = tokens[k + 1];
    if (['nay', 'qua', 'truoc', 'sau', 'toi', 'roi'].includes(next?.f ?? '') || next?.digits && k + 1 !== m.start) continue;
    const prev = tokens[k - 1];
    const earns = ['kiem', 'duoc', 'lai', 'loi', 'thu', 'lam', 'co'].includes(next?.f ?? '');
    // `một năm … được 80 triệu` may be a few words away; a bare `ngày` must be next to the figure or the verb.
    const counted = prev !== undefined && (prev.digits || ['moi', 'mot', 'hang', 'ca'].includes(prev.f));
    if (counted || k === m.start - 1) return u;
    if (k >= m.start - 4 && (earns || k === c.start || ['luong', 'nhap', 'kiem', 'lam'].includes(prev?.f ?? ''))) return u;
  }
  return undefined;
}

interface MoneyRead {
  income?: { vnd: number | { min: number; max: number }; period?: IncomePeriod };
  contribution?: number;
  pastSalary?: number;
}

function moneyOf(tokens: readonly Token[], spans: readonly MoneySpan[]): MoneyRead {
  const out: MoneyRead = {};
  const incomes: Array<{ span: MoneySpan; period?: IncomePeriod }> = [];
  for (const m of spans) {
    const role = roleOf(tokens, m);
    const low = m.kind === 'amount' ? m.vnd : m.minVnd;
    if (role === 'contribution' && out.contribution === undefined && m.kind === 'amount') out.contribution = Math.round(low);
    else if (role === 'past_salary' && out.pastSalary === undefined && m.kind === 'amount') out.pastSalary = Math.round(low);
    else if (role === 'income') {
      const period = periodOf(tokens, m);
      incomes.push(period ? { span: m, period } : { span: m });
    }
  }
  const first = incomes[0];
  if (first) {
    const values = incomes.flatMap((i) => (i.span.kind === 'amount' ? [i.span.vnd] : [i.span.minVnd, i.span.maxVnd])).map(Math.round);
    const min = Math.min(...values);
    const max = Math.max(...values);
    const samePeriod = incomes.every((i) => i.period === first.period);
    // Two figures for one income are alternatives (`nhiều thì 6 triệu, ít thì 3 triệu`): a range.
    const vnd = min === max ? min : { min, max };
    if (samePeriod) out.income = first.period ? { vnd, period: first.period } : { vnd };
  }
  return out;
}

// ---- group, place -----------------------------------------------------------------------------------------------

const GROUP_PHRASES: ReadonlyArray<[SupportGroup, readonly string[]]> = [
  ['near_poor', ['can ngheo', 'ho can ngheo']],
  ['poor', ['ho ngheo', 'so ngheo', 'dien ngheo', 'gia dinh ngheo', 'nha ngheo']],
  ['ethnic_minority', ['dan toc thieu so', 'nguoi dan toc', 'dtts', 'dan toc']],
  ['island_zone', ['xa dao', 'dac khu', 'hai dao', 'tren dao', 'ngoai dao', 'o dao']],
  ['other', ['khong thuoc nhom nao', 'khong thuoc dien nao', 'khong thuoc ho nao', 'khong phai ho ngheo', 'khong ngheo', 'binh thuong thoi', 'khong thuoc dien']],
];
/** In a question, a group is the user's only with a word of belonging (`nhà tôi hộ nghèo thì …`). */
const BELONGING = ['toi', 'em', 'minh', 'nha', 'gia dinh', 'thuoc', 'la', 'co so', 'chi', 'anh', 'co', 'chu', 'ba', 'ong'];

/** The phrases as words, to match at a token without building strings (this ran for every token of every message). */
const GROUP_PHRASE_WORDS: ReadonlyArray<[SupportGroup, readonly (readonly string[])[]]> = GROUP_PHRASES.map(([group, phrases]) => [group, phrases.map((p) => p.split(' '))]);

const startsAt = (tokens: readonly Token[], k: number, phrase: readonly string[]): boolean => phrase.every((w, i) => tokens[k + i]?.f === w);

function groupOf(tokens: readonly Token[]): SupportGroup | undefined {
  for (let k = 0; k < tokens.length; k++) {
    for (const [group, phrases] of GROUP_PHRASE_WORDS) {
      if (!phrases.some((p) => startsAt(tokens, k, p))) continue;
      const c = clauseAround(tokens, k);
      const clause = words(tokens, c.start, c.end);
      if (group !== 'other' && has(words(tokens, Math.max(c.start, k - 3), k), ['khong phai', 'khong thuoc', 'chua phai', 'khong', 'ko'])) return 'other';
      if (group === 'ethnic_minority' && has(words(tokens, k, c.end), ['kinh'])) return 'other';
      const question = tokens.slice(c.end, c.end + 1).some((t) => t.raw === '?') || has(clause, ['bao nhieu', 'the nao', 'khong', 'sao', 'gi', 'nao', 'duoc khong', 'co duoc']);
      if (group !== 'other' && question && !has(words(tokens, c.start, k), BELONGING)) continue;
      return group;
    }
  }
  return undefined;
}

/** Two words that begin another detail after a place (`…, thu nhập 4 triệu`). */
const PLACE_STOP_PHRASES = ['thu nhap', 'so dien', 'dien thoai', 'nha nuoc', 'ho tro', 'ho ngheo', 'can ngheo', 'dan toc', 'bao hiem', 'luong huu', 'muon gap', 'tham gia', 'dang ky'];
/** Words of a place phrase that name no place (`xã`, `đảo`, `thành phố`, `nhà`, `quê`). */
const PLACE_GENERIC = new Set([
  'xa', 'phuong', 'tinh', 'thanh', 'pho', 'tp', 'huyen', 'quan', 'dao', 'dac', 'khu', 'hai', 'nha', 'que', 'o', 'tai', 'ben',
  'day', 'do', 'nay', 'kia', 'mien', 'vung', 'nong', 'thon', 'cho', 'ngoai', 'tren', 'trong', 'dau', 'nao', 'toi', 'em',
  'minh', 'voi', 'cung', 'thi', 'la', 'a', 'nhe', 'chi', 'anh', 'con', 'me', 'bo', 'vo', 'chong', 'rieng', 'rui', 'roi',
]);
const PLACE_CUES_ACCENTED = new Set(['ở', 'tại', 'quê', 'sống', 'xã', 'phường', 'tỉnh', 'huyện', 'quận', 'thị', 'đặc']);
const PLACE_CUES_PLAIN = new Set(['o', 'que', 'phuong', 'huyen', 'tp', 'p', 'x']);
/** Words that end the place part of a clause (what follows is another detail or the question). */
const PLACE_STOP_TYPED = new Set(['sinh', 'muốn', 'được', 'thì', 'lương', 'bao', 'nhưng', 'đóng', 'hỏi', 'có', 'cho', 'làm', 'năm', 'và', 'còn', 'sđt', 'số', 'đi', 'muon', 'duoc', 'thi', 'luong', 'nhung', 'sdt']);

function placeOf(tokens: readonly Token[]): { provinceCode: string; wardCode?: string } | undefined {
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k] as Token;
    const cue = PLACE_CUES_ACCENTED.has(t.raw) || (t.plain && PLACE_CUES_PLAIN.has(t.f) && !(t.f === 'p' || t.f === 'x') ) ||
      ((t.f === 'p' || t.f === 'x') && tokens[k + 1]?.raw === '.') || (t.f === 'thanh' && tokens[k + 1]?.f === 'pho');
    if (!cue) continue;
    if (t.f === 'tai' && tokens[k + 1]?.f === 'sao') continue;
    // "(bảo hiểm) xã hội" is the insurance, not a commune ("xã hội tự nguyện là gì" read as Phường La Gi).
    if (t.f === 'xa' && tokens[k + 1]?.f === 'hoi') continue;
    let end = k + 1;
    while (end < tokens.length) {
      const w = tokens[end] as Token;
      if (w.digits || ['?', '!', ';', '.'].includes(w.raw) && !(w.raw === '.' && ['p', 'x', 'q', 'tp'].includes(tokens[end - 1]?.f ?? ''))) break;
      // Stop words as typed: `đóng` ends the place, `Đồng` (Đồng Nai) and plain `dong` (Đông) may be part of it.
      if (end > k + 1 && PLACE_STOP_TYPED.has(w.raw)) break;
      if (end > k + 1 && PLACE_STOP_PHRASES.includes(words(tokens, end, end + 2).trim())) break;
      end++;
    }
    // Only unit and group words (`ở xã đảo`, `tại thành phố`): no name to look up.
    const named = tokens.slice(k + 1, end).some((x) => /\p{L}/u.test(x.raw) && !PLACE_GENERIC.has(x.f));
    if (end - k < 2 || !named) continue;
    const text = tokens.slice(k, end).map((x) => x.raw).join(' ');
    const m = matchPlace(text);
    if (m.kind === 'found') return m.ward ? { provinceCode: m.province.code, wardCode: m.ward.code } : { provinceCode: m.province.code };
    if (m.kind === 'ambiguous') {
      const provinces = new Set(m.candidates.map((x) => x.provinceCode));
      if (provinces.size === 1) return { provinceCode: [...provinces][0] as string };
    }
  }
  return undefined;
}

// ---- together ---------------------------------------------------------------------------------------------------

/** Short forms that would change a figure's meaning if expanded here (`150k`, `5tr`, `8h`, `52t`, `sn`, `ns`). */
const KEEP_SHORT = new Set(['ty', 'k', 'tr', 'h', 't', 'm', 'sn', 'ns', 'tp', 'p', 'x', 'z', 'e', 'b']);

/** Every word the readers above look for: typos of these are repaired (`dog` → `dong`). */
const CUE_WORDS: ReadonlySet<string> = new Set(
  [
    ...PAID_CUES, ...EMPLOYMENT, ...NOT_YET, ...INCOME_CUES, ...OTHER_MONEY, ...BIRTH_CUES, ...SPEAKER_ELSEWHERE,
    ...GROUP_PHRASES.flatMap(([, p]) => p), 'thang', 'ngay', 'nam', 'tuoi', 'trieu', 'nghin', 'duoc', 'roi', 'khong',
  ].flatMap((p) => p.split(' ')).filter((w) => w.length >= 3),
);

/**
 * The tokens with their folded form made canonical for cue words: teencode expanded (`dc` → `duoc`, `cty` → `cong
 * ty`, `ko` → `khong`) and typos repaired. Same length and positions as `tokens`, so spans still line up.
 */
function cueTokens(tokens: readonly Token[]): Token[] {
  return tokens.map((t) => {
    if (t.digits || !t.plain && t.raw !== t.f && !TEENCODE[t.f]) return t;
    const expanded = KEEP_SHORT.has(t.f) ? undefined : TEENCODE[t.f];
    if (expanded) return { ...t, f: expanded };
    const repaired = repairWord(t.f, CUE_WORDS);
    return repaired === t.f ? t : { ...t, f: repaired };
  });
}

/** All details of a message, the compulsory months and the past salary included (what the engine stores). */
/**
 * The last message read: a turn reads the same message more than once (is it more than a greeting, then the
 * details at the step, then the answer to the step) — in the first-message bench that was a seventh of the app's
 * allocations. Frozen, so no caller can change another's reading.
 */
let lastRead: { text: string; at: number; details: Readonly<Details> } | undefined;

export function readDetails(text: string, now: Date): Readonly<Details> {
  const at = now.getTime();
  if (lastRead?.text !== text || lastRead.at !== at) lastRead = { text, at, details: Object.freeze(readDetailsOnce(text, now)) };
  return lastRead.details;
}

function readDetailsOnce(text: string, now: Date): Details {
  const raw = lex(text);
  const money = moneySpans(raw);
  const periods = periodSpans(raw);
  const tokens = cueTokens(raw);
  const out: Details = {};
  const birth = birthOf(tokens, text, now);
  if (birth) out.birth = birth;
  const sex = sexOf(tokens);
  if (sex) out.sex = sex;
  const paid = paidOf(tokens, periods, money, now);
  if (paid) {
    out.paidMonths = paid.months;
    if (paid.compulsory > 0) out.compulsoryMonths = paid.compulsory;
  }
  const m = moneyOf(tokens, money);
  if (m.income) {
    out.incomeVnd = m.income.vnd;
    if (m.income.period) out.incomePeriod = m.income.period;
  }
  if (m.contribution) out.contributionVnd = m.contribution;
  if (m.pastSalary) out.pastSalaryVnd = m.pastSalary;
  const place = placeOf(raw);
  if (place) {
    out.provinceCode = place.provinceCode;
    if (place.wardCode) out.wardCode = place.wardCode;
  }
  const group = groupOf(tokens);
  if (group) out.group = group;
  const phone = parsePhone(text);
  if (phone) out.phone = phone.e164;
  return out;
}

/**
 * The `entities` object of the understand output (issue 11 contract). An income per week or per season is left
 * out: it is no monthly, daily or yearly figure, and the flow asks for the month instead.
 */
export function extractEntities(text: string, now: Date): Entities {
  const d = readDetails(text, now);
  const { compulsoryMonths: _c, pastSalaryVnd: _s, incomePeriod, incomeVnd, ...rest } = d;
  void _c;
  void _s;
  const out: Entities = { ...rest };
  if (incomeVnd !== undefined && incomePeriod !== 'week' && incomePeriod !== 'season') {
    out.incomeVnd = incomeVnd;
    if (incomePeriod) out.incomePeriod = incomePeriod;
  }
  return out;
}
