/**
 * `npm run understand -- "một câu"` shows how the bot reads a message: its questions in order (intent, calibrated
 * confidence, the part of the message it came from, a close runner-up) and the details found in it.
 * `npm run -s understand -- --jsonl` reads one message a line on stdin and prints one JSON object a line:
 * `{"text", "intents": [{"intent", "confidence"}], "entities": {…}}` (the shape of issue 11), for staff and for
 * evaluation. The classifier is trained on locales/vi/nlu at start (about a second).
 */
import { createInterface } from 'node:readline';
import type { Understanding } from '../language/index.ts';
import { loadUnderstander } from '../nlu-loader.ts';
import { parseCli, runCli, usageError } from './args.ts';

const SPEC = {
  name: 'npm run understand',
  usage: `Cách dùng: npm run understand -- "tin nhắn" [tin nhắn khác …]
       npm run -s understand -- --jsonl < tin-nhan.txt
  --jsonl     đọc mỗi dòng stdin một tin nhắn, in mỗi dòng một JSON {"text","intents","entities"}
  --now NGÀY  ngày tính tuổi, năm sinh (YYYY-MM-DD, mặc định hôm nay)
  -h, --help  in hướng dẫn này
Mã thoát: 0 xong, 1 lỗi (kho câu mẫu hỏng), 2 sai tham số.`,
  options: { jsonl: { type: 'boolean', default: false }, now: { type: 'string' } },
  positionals: true,
} as const;

/** The issue's JSON shape: no clause details. */
function jsonShape(u: Understanding): { text: string; intents: Understanding['intents']; entities: Understanding['entities'] } {
  return { text: u.text, intents: u.intents, entities: u.entities };
}

function readable(u: Understanding): string {
  const lines = [JSON.stringify(u.text)];
  u.clauses.forEach((c, i) => {
    const from = c.text ? ` ← "${c.text}"` : '';
    const why = c.unsure ? ' (no intent likely enough)' : '';
    lines.push(`  ${i + 1}. ${c.intent} ${c.confidence.toFixed(2)}${why}${from}`);
    if (c.runnerUp) lines.push(`     close second: ${c.runnerUp.intent} ${c.runnerUp.confidence.toFixed(2)} (the bot asks which one)`);
  });
  const entities = Object.entries(u.entities);
  lines.push(entities.length ? `  details: ${entities.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ')}` : '  details: none');
  return lines.join('\n');
}

async function main(): Promise<number> {
  const { values, positionals } = parseCli(SPEC);
  const now = values.now ? new Date(`${values.now}T00:00:00+07:00`) : new Date();
  if (Number.isNaN(now.getTime())) usageError(SPEC, `--now ${values.now} is not a date (YYYY-MM-DD)`);
  if (!values.jsonl && positionals.length === 0) usageError(SPEC, 'give a message, or --jsonl to read stdin');
  const understander = loadUnderstander();
  if (values.jsonl) {
    for await (const line of createInterface({ input: process.stdin, terminal: false })) {
      if (line.trim() === '') continue;
      process.stdout.write(`${JSON.stringify(jsonShape(understander.understand(line, now)))}\n`);
    }
    return 0;
  }
  console.log(positionals.map((m) => readable(understander.understand(m, now))).join('\n\n'));
  return 0;
}

await runCli(main);
