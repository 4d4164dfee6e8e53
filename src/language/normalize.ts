/**
 * Text normalisation for Vietnamese chat input: NFC, lower case, collapsed spaces, diacritics folded (đ → d),
 * and common teencode / abbreviations expanded into whole words.
 */

export interface Normalized {
  /** The message exactly as received. */
  original: string;
  /** NFC, lower case, spaces collapsed, accents kept. */
  nfc: string;
  /** `nfc` with diacritics folded (đ → d). */
  folded: string;
  /** Folded words, with teencode and abbreviations expanded (`ko` → `khong`, `bhxh` → `bao hiem xa hoi`). */
  tokens: string[];
}

/** NFC + lower case + collapsed whitespace; accents kept. */
export function toNfc(text: string): string {
  return text.normalize('NFC').toLowerCase().replace(/\s+/gu, ' ').trim();
}

/** Removes Vietnamese diacritics (including đ → d). Works on any case; the output keeps the input's case. */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/gu, '')
    .replace(/đ/gu, 'd')
    .replace(/Đ/gu, 'D')
    .normalize('NFC');
}

/**
 * Teencode and abbreviations (folded form → expansion). Only whole tokens are replaced. Ambiguous one-letter forms
 * are limited to those that are unambiguous in this bot's conversations.
 */
export const TEENCODE: Readonly<Record<string, string>> = {
  k: 'khong', ko: 'khong', kh: 'khong', hok: 'khong', hong: 'khong', hem: 'khong', khum: 'khong', hk: 'khong',
  kg: 'khong', khg: 'khong',
  dc: 'duoc', dk: 'dang ky', dki: 'dang ky', dky: 'dang ky', dg: 'duong',
  j: 'gi', gj: 'gi', bn: 'bao nhieu', bnhieu: 'bao nhieu', bnh: 'bao nhieu',
  bhxh: 'bao hiem xa hoi', bhyt: 'bao hiem y te', bh: 'bao hiem', tn: 'tu nguyen', bhxhtn: 'bao hiem xa hoi tu nguyen',
  tr: 'trieu', sn: 'sinh nam', e: 'em', ad: 'admin', vs: 'voi', ng: 'nguoi', nt: 'nhan tin', sdt: 'so dien thoai',
  dt: 'dien thoai', mk: 'minh', mik: 'minh', ntn: 'nhu the nao', r: 'roi', nx: 'nua', cty: 'cong ty', trc: 'truoc',
  bik: 'biet', bit: 'biet', bjo: 'bay gio', bgio: 'bay gio', h: 'gio', mn: 'moi nguoi', cj: 'chi', ck: 'chong',
  vk: 'vo', tks: 'thanks', thank: 'thanks', thx: 'thanks', ty: 'thanks', ok: 'ok', oke: 'ok', okie: 'ok', oki: 'ok',
  okay: 'ok', okela: 'ok', uh: 'u', uhm: 'u', um: 'u', uk: 'u', uki: 'u', ukm: 'u', hum: 'u', ntin: 'nhan tin',
  lh: 'lien he', gd: 'gia dinh', nhiu: 'nhieu', mun: 'muon', z: 'vay', tp: 'thanh pho', tphcm: 'ho chi minh',
  hcm: 'ho chi minh', sg: 'sai gon', hn: 'ha noi', cmnd: 'chung minh nhan dan', cccd: 'can cuoc cong dan',
  lun: 'luon', wa: 'qua', ns: 'noi', kiu: 'kieu', iu: 'yeu', bs: 'bac si',
};

/** Folded words of a text (split on anything but letters and digits), without teencode expansion. */
export function words(folded: string): string[] {
  return folded.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0);
}

/** Expands teencode in a folded word list. */
export function expandTokens(ws: readonly string[]): string[] {
  const out: string[] = [];
  for (const w of ws) {
    const e = TEENCODE[w];
    if (e === undefined) out.push(w);
    else out.push(...e.split(' '));
  }
  return out;
}

export function normalize(text: string): Normalized {
  const nfc = toNfc(text);
  const folded = fold(nfc);
  return { original: text, nfc, folded, tokens: expandTokens(words(folded)) };
}
