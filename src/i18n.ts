import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import i18next, { type i18n, type Resource } from 'i18next';
import { parseJsonFile } from './json-file.ts';

/** Where the texts live: locales/<language>/<namespace>.json, edited by office staff. */
export const LOCALES_DIR = new URL('../locales/', import.meta.url).pathname;

/** `locales/vi/common.json` for a path inside the repository (how staff see the file), else the path itself. */
function relativeToRepo(path: string): string {
  const root = new URL('../', import.meta.url).pathname;
  return path.startsWith(root) ? path.slice(root.length) : path;
}

/** Reads every locales/<lng>/<ns>.json into an i18next resource object (startup only). A file that is not valid JSON
 * throws BHXH_DATA_FILE_INVALID naming the file and line. */
export function readLocales(dir: string = LOCALES_DIR): Resource {
  const resources: Resource = {};
  for (const lng of readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name)) {
    const namespaces: Record<string, Record<string, unknown>> = {};
    for (const file of readdirSync(join(dir, lng)).filter((f) => f.endsWith('.json'))) {
      const path = join(dir, lng, file);
      namespaces[file.slice(0, -'.json'.length)] = parseJsonFile(readFileSync(path, 'utf8'), relativeToRepo(path)) as Record<string, unknown>;
    }
    resources[lng] = namespaces;
  }
  return resources;
}

/**
 * One i18next instance over the given resources, initialised synchronously (no backend) so the pure engine can
 * translate inside a turn. Vietnamese first; English where a key exists only there is never used as a fallback
 * for users — a missing Vietnamese key is caught by `npm run flows:check`.
 */
export function createI18n(resources: Resource = readLocales(), lng = 'vi'): i18n {
  const instance = i18next.createInstance();
  void instance.init({
    resources,
    lng,
    fallbackLng: false,
    ns: Object.keys(resources[lng] ?? {}),
    defaultNS: 'common',
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return instance;
}

/** What the engine calls to turn a text key (and the values it interpolates) into the text shown. */
export type Translate = (key: string, vars?: Record<string, unknown>) => string;

const CACHE_LIMIT = 20_000;
const PLURAL_SUFFIXES = ['', '_zero', '_one', '_two', '_few', '_many', '_other'];

/**
 * A translator that remembers its answers. i18next resolves, pluralises and interpolates on every call, which is
 * a quarter of a conversation turn; most texts are the same for everyone. The cache key is the text key plus
 * only the values its template actually uses, so a menu or an explanation is built once, and an estimate once
 * per distinct amount. Templates that nest other keys ($t) are not cached.
 */
export function createTranslate(instance: i18n, lng = 'vi'): Translate {
  const t = instance.getFixedT(lng);
  const cache = new Map<string, string>();
  const usedVars = new Map<string, string[] | undefined>();

  function varsOf(key: string): string[] | undefined {
    if (usedVars.has(key)) return usedVars.get(key);
    const [ns, path] = key.includes(':') ? (key.split(':', 2) as [string, string]) : [String(instance.options.defaultNS ?? 'common'), key];
    const templates = PLURAL_SUFFIXES.map((s) => instance.getResource(lng, ns, path + s) as unknown).filter((v): v is string => typeof v === 'string');
    const names = templates.length === 0 || templates.some((s) => s.includes('$t(')) ? undefined : [...new Set(templates.flatMap((s) => [...s.matchAll(/{{-?\s*([^,}\s]+)/g)].map((m) => m[1]!)))];
    if (names && templates.length > 1) names.push('count');
    usedVars.set(key, names);
    return names;
  }

  return (key, vars) => {
    const names = varsOf(key);
    if (!names) return t(key, vars);
    const cacheKey = names.length === 0 ? key : `${key}\u0000${names.map((n) => String(vars?.[n])).join('\u0000')}`;
    let text = cache.get(cacheKey);
    if (text === undefined) {
      if (cache.size >= CACHE_LIMIT) cache.clear();
      text = t(key, vars);
      cache.set(cacheKey, text);
    }
    return text;
  };
}
