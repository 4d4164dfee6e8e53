import { matchPlace, normalize, parseBirth, parseMoney, parsePaidMonths, parsePhone, parseSex, parseYesNo, readDetails } from '../language/index.ts';
import type { ParserKind } from './flow-schema.ts';

/** A place the user can be found at, as the lead wants it. */
export type PlaceValue = { kind: 'place'; provinceCode: string; wardCode?: string; label: string };
export type PlaceCandidate = PlaceValue;

export type ParseOutcome =
  | { ok: true; value: unknown }
  /** Several places fit: the engine offers them as buttons. */
  | { ok: 'choose'; candidates: PlaceCandidate[] }
  /** Not understood; `reason` picks a more precise re-ask (`reask.<reason>`) when there is one. */
  | { ok: false; reason?: string };

const LETTERS = /\p{L}/u;

/**
 * Words of an answer, not of a name: yes/no, politeness, and the words of the bot's own buttons ("Đồng ý",
 * "Gửi", "Sửa lại", "Bỏ qua"), with their diacritics, so given names that fold the same ("Dũng" and "đúng")
 * stay names. A "name" made only of these is someone tapping or typing an answer at the name question; a real
 * name has another word ("Nguyễn Văn Được" is kept).
 */
const ANSWER_WORDS = new Set([
  'đồng', 'ý', 'vâng', 'dạ', 'ạ', 'ok', 'oke', 'okie', 'ừ', 'ừm', 'uh', 'có', 'không', 'ko', 'chưa', 'được', 'đc', 'rồi', 'yes',
  'no', 'hủy', 'huỷ', 'thôi', 'nhé', 'nha', 'đúng', 'sai', 'chắc', 'chắn', 'xác', 'nhận', 'tiếp', 'tục', 'gửi', 'sửa', 'lại',
  'bỏ', 'qua', 'chối', 'về', 'menu',
]);
/** The same answers typed without diacritics, as whole messages (a bare "dung" may be the name Dũng). */
const ANSWER_PHRASES_FOLDED = new Set([
  'dong y', 'khong dong y', 'vang', 'da', 'co', 'khong', 'duoc', 'roi', 'dung roi', 'thoi', 'gui', 'sua lai', 'huy', 'bo qua',
  'tiep tuc', 'xac nhan', 'tu choi', 've menu', 'ok', 'yes', 'no',
]);

/** Only answer words, or read as a yes/no answer on its own (`👍`): not a name. */
function isAnswer(text: string): boolean {
  const { nfc, folded } = normalize(text);
  const words = nfc.split(/[\s,.!?]+/u).filter(Boolean);
  if (words.length === 0) return parseYesNo(text) !== undefined;
  return words.every((w) => ANSWER_WORDS.has(w)) || ANSWER_PHRASES_FOLDED.has(folded.replace(/[^\p{L}\s]/gu, '').replace(/\s+/g, ' ').trim());
}

/** Reads a typed answer of the given kind with the language module. Pure; `now` only for ages. */
export function parseAnswer(kind: ParserKind, raw: string, now: Date): ParseOutcome {
  const text = raw.trim();
  if (text === '') return { ok: false };
  switch (kind) {
    case 'money': {
      // Asked for a monthly income, a bare "5" or "2,5" means millions (the answer is confirmed or shown back).
      const bare = /^(\d{1,2})(?:[.,](\d))?$/.exec(text);
      if (bare) {
        const millions = Number(bare[1]) + Number(bare[2] ?? 0) / 10;
        if (millions >= 1) return { ok: true, value: Math.round(millions * 1_000_000) };
      }
      return monthlyIncome(text, now);
    }
    case 'birth': {
      const b = parseBirth(text, now, { asked: true });
      if (!b) return { ok: false };
      const thisYear = now.getUTCFullYear();
      const year = b.kind === 'age' ? thisYear - b.years : b.year;
      const age = thisYear - year;
      if (age < 15 || age > 100) return { ok: false, reason: 'birth_range' };
      const month = b.kind === 'birth' && b.month !== undefined ? `-${String(b.month).padStart(2, '0')}` : '';
      return { ok: true, value: `${year}${month}` };
    }
    case 'paid_months': {
      const n = parsePaidMonths(text, now);
      if (n !== undefined) return n >= 0 && n <= 600 ? { ok: true, value: n } : { ok: false };
      if (/^\s*0\s*$/.test(text) || parseYesNo(text) === 'no') return { ok: true, value: 0 };
      return { ok: false };
    }
    case 'phone': {
      const p = parsePhone(text);
      return p ? { ok: true, value: p.e164 } : { ok: false };
    }
    case 'yes_no': {
      const v = parseYesNo(text);
      return v ? { ok: true, value: v } : { ok: false };
    }
    case 'sex': {
      const v = parseSex(text);
      return v ? { ok: true, value: v } : { ok: false };
    }
    case 'place': {
      const m = matchPlace(text);
      if (m.kind === 'found') {
        const label = m.ward ? `${m.ward.name}, ${m.province.name}` : m.province.name;
        return { ok: true, value: { kind: 'place', provinceCode: m.province.code, ...(m.ward ? { wardCode: m.ward.code } : {}), label } satisfies PlaceValue };
      }
      if (m.kind === 'ambiguous') {
        return {
          ok: 'choose',
          candidates: m.candidates.slice(0, 4).map((c) => ({
            kind: 'place' as const,
            provinceCode: c.provinceCode,
            ...(c.wardCode ? { wardCode: c.wardCode } : {}),
            label: c.label,
          })),
        };
      }
      return { ok: false };
    }
    case 'name': {
      const name = text.replace(/\s+/g, ' ');
      if (name.length < 2 || name.length > 60 || /\d/.test(name) || !LETTERS.test(name) || isAnswer(name)) return { ok: false };
      return { ok: true, value: name };
    }
    case 'free':
      return { ok: true, value: text.slice(0, 500) };
  }
}

const inRange = (vnd: number): ParseOutcome => (vnd > 0 && vnd < 10_000_000_000 ? { ok: true, value: Math.round(vnd) } : { ok: false });

/**
 * A monthly income from a typed answer. A yearly figure is divided by 12; a daily, weekly or per-season figure is
 * asked again as a month (how many days a month someone works is theirs to say); what the user can pay
 * (`đóng được 1 triệu`) is no income; "no fixed income" asks for an average rather than becoming 0 đ.
 */
function monthlyIncome(text: string, now: Date): ParseOutcome {
  const d = readDetails(text, now);
  if (d.incomeVnd !== undefined) {
    if (typeof d.incomeVnd !== 'number') return { ok: false, reason: 'money_range' };
    if (d.incomePeriod === 'year') return inRange(d.incomeVnd / 12);
    if (d.incomePeriod === 'day' || d.incomePeriod === 'week' || d.incomePeriod === 'season') return { ok: false, reason: 'money_period' };
    return inRange(d.incomeVnd);
  }
  if (d.contributionVnd !== undefined) return { ok: false, reason: 'money_contribution' };
  const m = parseMoney(text);
  if (!m) return { ok: false };
  if (m.kind === 'amount') return inRange(m.vnd);
  if (m.kind === 'none') return { ok: false, reason: 'money_none' };
  return { ok: false, reason: 'money_range' };
}
