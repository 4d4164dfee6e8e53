import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { matchPlace, parseBirth, parseMoney, parsePaidMonths, parsePhone, parseYesNo } from '../src/language/index.ts';
import { loadUnderstander } from '../src/nlu-loader.ts';

/**
 * Time per message of the Vietnamese parsers, on the utterance corpora when ../shared is beside the repo, else on
 * a few typical messages. Every parser runs on every message, as the worst case of one turn.
 */
const TYPICAL = [
  'thu nhap tam 5tr5 moi thang',
  'bao hiem xa hoi tu nguyen la gi vay',
  'sinh nam 85, dong dc 5 nam roi',
  'sdt e 0912 468 735 nhe',
  'dạ vâng đồng ý ạ',
  'xã Tân Phú, Đồng Nai',
  'muốn gặp nhân viên tư vấn',
  'một tháng tầm 7 củ',
];

function corpus(): string[] {
  const dir = new URL('../../shared/fixtures/utterances/', import.meta.url);
  if (!existsSync(dir)) return TYPICAL;
  return readdirSync(dir)
    .filter((f) => f.endsWith('.tsv'))
    .flatMap((f) => readFileSync(new URL(f, dir), 'utf8').split('\n').slice(1))
    .map((line) => line.split('\t')[0]!)
    .filter(Boolean);
}

export function measureLanguage(): { messages: number; microsecondsPerMessage: number; source: string } {
  const texts = corpus();
  const today = new Date('2026-11-22T03:00:00Z');
  const nlu = loadUnderstander();
  const all = (t: string) => {
    parseMoney(t);
    parseBirth(t, today);
    parsePaidMonths(t, today);
    parsePhone(t);
    parseYesNo(t);
    nlu.understand(t, today);
    matchPlace(t);
  };
  for (const t of texts) all(t); // warm-up: lazy indexes (places) are built once per process
  const rounds = Math.max(1, Math.ceil(20_000 / texts.length));
  const start = performance.now();
  for (let r = 0; r < rounds; r++) for (const t of texts) all(t);
  const us = ((performance.now() - start) * 1000) / (rounds * texts.length);
  return { messages: texts.length, microsecondsPerMessage: Math.round(us), source: texts === TYPICAL ? 'built-in sample' : '../shared utterance corpora' };
}
