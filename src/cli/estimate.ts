/**
 * For office staff: `npm run estimate -- --income "5tr" --sex female --born 1985-03 --paid 5y [--group other]
 * [--period 1] [--province 01] [--as-of 2026-11-22] [--json]`. Prints a short Vietnamese summary (or the raw API
 * answer with --json). Income is read by the bot's own money parser, so `5tr`, `5 triệu`, `5.000.000` all work.
 */
import { parseArgs } from 'node:util';
import { isAppError } from '../errors.ts';
import { estimate, parseEstimateRequest, vietnamDate } from '../insurance/index.ts';
import { summarizeVi } from '../insurance/summary.ts';
import { parsePaidMonths } from '../language/dates.ts';
import { parseMoney } from '../language/money.ts';

const USAGE =
  'Cách dùng: npm run estimate -- --income "5tr" [--sex male|female --born YYYY-MM[-DD] --paid 5y6m] ' +
  '[--avg 4tr] [--group poor|near_poor|ethnic_minority|island_zone|other] [--period 1|3|6|12] [--province 01] ' +
  '[--as-of YYYY-MM-DD] [--support-used 24] [--advance 5y] [--json]';

function fail(message: string): never {
  console.error(message);
  console.error(USAGE);
  process.exit(2);
}

/** `5tr`, `5.000.000`, `5 triệu`; a range takes its lower end, as the cheaper choice the person can afford. */
export function readIncome(text: string): number | undefined {
  const m = parseMoney(text);
  if (m?.kind === 'amount') return m.vnd;
  if (m?.kind === 'range') return m.minVnd;
  return /^\d+$/.test(text.trim()) ? Number(text.trim()) : undefined;
}

/** `5y`, `5y6m`, `60m`, `60`, or Vietnamese (`5 năm 3 tháng`). */
export function readPaid(text: string): number | undefined {
  const t = text.trim().toLowerCase();
  const short = /^(?:(\d+)\s*y)?\s*(?:(\d+)\s*m)?$/.exec(t);
  if (short && (short[1] ?? short[2]) !== undefined) return Number(short[1] ?? 0) * 12 + Number(short[2] ?? 0);
  if (/^\d+$/.test(t)) return Number(t);
  return parsePaidMonths(text);
}

function main(): void {
  const { values } = parseArgs({
    options: {
      income: { type: 'string' },
      sex: { type: 'string' },
      born: { type: 'string' },
      paid: { type: 'string' },
      avg: { type: 'string' },
      group: { type: 'string' },
      period: { type: 'string' },
      province: { type: 'string' },
      'as-of': { type: 'string' },
      'support-used': { type: 'string' },
      advance: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (values.income === undefined) fail('Thiếu --income.');
  const income = readIncome(values.income);
  if (income === undefined) fail(`Không đọc được thu nhập "${values.income}".`);
  const paidMonths = values.paid === undefined ? undefined : readPaid(values.paid);
  if (values.paid !== undefined && paidMonths === undefined) fail(`Không đọc được thời gian đã đóng "${values.paid}".`);
  const avg = values.avg === undefined ? undefined : readIncome(values.avg);
  if (values.avg !== undefined && avg === undefined) fail(`Không đọc được thu nhập bình quân "${values.avg}".`);

  const body = {
    income,
    group: values.group,
    period: values.period === undefined ? undefined : Number(values.period),
    province: values.province,
    asOf: values['as-of'] ?? vietnamDate(new Date()),
    sex: values.sex,
    birthDate: values.born,
    paidMonths,
    paidAverageIncome: avg,
    supportMonthsUsed: values['support-used'] === undefined ? undefined : Number(values['support-used']),
    advanceMonths: values.advance === undefined ? undefined : readPaid(values.advance),
  };
  const parsed = parseEstimateRequest(JSON.parse(JSON.stringify(body)));
  if (!parsed.ok) fail(`${parsed.problem.message_vi} (${parsed.problem.field})`);
  try {
    const result = estimate(parsed.value);
    console.log(values.json ? JSON.stringify(result, null, 2) : summarizeVi(result).join('\n'));
  } catch (err) {
    if (isAppError(err)) fail(`${err.code}: ${err.message}`);
    throw err;
  }
}

main();
