/**
 * Phone numbers typed in chat (`0912 468 735`, `+84 903 556 812`, `(+84)789…`, `0084…`, `sđt e 0356.782.194`),
 * validated with libphonenumber-js "max" metadata, Vietnam by default. Retired 11-digit mobile numbers (`01689…`)
 * are invalid and are not converted.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

export interface PhoneResult {
  e164: string;
  type: 'mobile' | 'fixed_line';
}

/** Runs of digits with the separators people type inside a number. */
const CANDIDATE_RE = /(?:\+|\(\+?)?\d[\d\s.\-()]*\d/gu;

function check(raw: string): PhoneResult | undefined {
  let candidate = raw.replace(/[^\d+]/gu, '');
  if (candidate.startsWith('00')) candidate = `+${candidate.slice(2)}`;
  else if (!candidate.startsWith('+') && candidate.startsWith('84') && candidate.length >= 11) candidate = `+${candidate}`;
  const digits = candidate.replace(/\D/gu, '');
  if (digits.length < 9 || digits.length > 13) return undefined;
  const phone = parsePhoneNumberFromString(candidate, 'VN');
  if (!phone || !phone.isValid()) return undefined;
  const type = phone.getType();
  if (type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE') return { e164: phone.number, type: 'mobile' };
  if (type === 'FIXED_LINE') return { e164: phone.number, type: 'fixed_line' };
  return undefined;
}

/**
 * The first valid Vietnamese mobile or landline number in the message, as E.164. Premium-rate and other service
 * numbers are not personal phones and give undefined.
 */
export function parsePhone(text: string): PhoneResult | undefined {
  for (const m of text.normalize('NFC').matchAll(CANDIDATE_RE)) {
    const whole = check(m[0]);
    if (whole) return whole;
    // A number glued to other figures by spaces (`sn 1985 0912 468 735`): try sub-runs of the space-separated groups.
    const parts = m[0].split(/\s+/u);
    if (parts.length < 2) continue;
    for (let a = 0; a < parts.length; a++) {
      for (let b = parts.length; b > a; b--) {
        if (a === 0 && b === parts.length) continue;
        const r = check(parts.slice(a, b).join(''));
        if (r) return r;
      }
    }
  }
  return undefined;
}

/**
 * An E.164 number as Vietnamese people write it (`+84912345678` → `0912 345 678`), for the user's summary and the
 * agent's notice alike. Anything that does not parse is shown as it is.
 */
export function formatPhoneVn(e164: string): string {
  return parsePhoneNumberFromString(e164, 'VN')?.formatNational() ?? e164;
}
