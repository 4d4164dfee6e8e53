import { matchPlace, parseBirth, parseMoney, parsePaidMonths, parsePhone, parseSex, parseYesNo } from '../language/index.ts';
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
      const m = parseMoney(text);
      if (!m) return { ok: false };
      if (m.kind === 'amount') return m.vnd > 0 && m.vnd < 10_000_000_000 ? { ok: true, value: m.vnd } : { ok: false };
      if (m.kind === 'none') return { ok: true, value: 0 };
      return { ok: false, reason: 'money_range' };
    }
    case 'birth': {
      const b = parseBirth(text, now);
      if (!b) return { ok: false };
      const thisYear = now.getUTCFullYear();
      const year = b.kind === 'age' ? thisYear - b.years : b.year;
      const age = thisYear - year;
      if (age < 15 || age > 100) return { ok: false, reason: 'birth_range' };
      const month = b.kind === 'birth' && b.month !== undefined ? `-${String(b.month).padStart(2, '0')}` : '';
      return { ok: true, value: `${year}${month}` };
    }
    case 'paid_months': {
      const n = parsePaidMonths(text);
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
      if (name.length < 2 || name.length > 60 || /\d/.test(name) || !LETTERS.test(name)) return { ok: false };
      return { ok: true, value: name };
    }
    case 'free':
      return { ok: true, value: text.slice(0, 500) };
  }
}
