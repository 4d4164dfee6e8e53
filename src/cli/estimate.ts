/**
 * For office staff: `npm run estimate -- --income "5tr" --sex female --born 1985-03 --paid 5y [--group other]
 * [--period 1] [--province 01] [--as-of 2026-11-22] [--json]`. Prints a short Vietnamese summary (or the raw API
 * answer with --json). Income is read by the bot's own money parser, so `5tr`, `5 triệu`, `5.000.000` all work.
 */
import { estimate, parseEstimateRequest, vietnamDate } from '../insurance/index.ts';
import { summarizeVi } from '../insurance/summary.ts';
import { parsePaidMonths } from '../language/dates.ts';
import { parseMoney } from '../language/money.ts';
import { parseCli, runCli, usageError } from './args.ts';

const SPEC = {
  name: 'npm run estimate',
  usage: `Cách dùng: npm run estimate -- --income "5tr" [tùy chọn]
  --income TIỀN        thu nhập làm căn cứ đóng mỗi tháng: 5tr, 5 triệu, 5.000.000 (bắt buộc)
  --group NHÓM         poor | near_poor | ethnic_minority | island_zone | other (mặc định other)
  --period THÁNG       đóng mấy tháng một lần: 1 | 3 | 6 | 12 (mặc định 1)
  --province MÃ        mã tỉnh 2 chữ số, để tính phần địa phương hỗ trợ thêm (01 = Hà Nội)
  --sex GIỚI           male | female (cần cho tuổi nghỉ hưu và lương hưu)
  --born NGÀY          ngày sinh YYYY-MM hoặc YYYY-MM-DD (không ở tương lai)
  --paid THỜI GIAN     đã đóng bao lâu: 5y6m, 66m, 66, "5 năm 6 tháng"
  --avg TIỀN           thu nhập bình quân các tháng đã đóng (tự nguyện, khi có --compulsory)
  --compulsory THỜI GIAN  phần đã đóng bắt buộc ở công ty: 12y
  --salary TIỀN        lương bình quân thời gian đóng bắt buộc
  --joined-before-2021 đã tham gia tự nguyện trước 01/01/2021 (quy định chuyển tiếp 60/55)
  --support-used THÁNG số tháng đã được Nhà nước hỗ trợ
  --advance THỜI GIAN  đóng trước nhiều năm một lần: 5y
  --as-of YYYY-MM-DD   tính theo chính sách ngày này (mặc định hôm nay)
  --json               in câu trả lời của API (JSON) thay cho bản tóm tắt
  -h, --help           in hướng dẫn này
Mã thoát: 0 xong, 1 lỗi tính toán, 2 sai tham số.`,
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
    compulsory: { type: 'string' },
    salary: { type: 'string' },
    'joined-before-2021': { type: 'boolean' },
    json: { type: 'boolean', default: false },
  },
} as const;

const fail = (message: string): never => usageError(SPEC, message);

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

function main(): number {
  const { values } = parseCli(SPEC);
  if (values.income === undefined) fail('thiếu --income.');
  const income = readIncome(values.income!);
  if (income === undefined) fail(`không đọc được thu nhập "${values.income}".`);
  const paidMonths = values.paid === undefined ? undefined : readPaid(values.paid);
  if (values.paid !== undefined && paidMonths === undefined) fail(`không đọc được thời gian đã đóng "${values.paid}".`);
  const avg = values.avg === undefined ? undefined : readIncome(values.avg);
  if (values.avg !== undefined && avg === undefined) fail(`không đọc được thu nhập bình quân "${values.avg}".`);

  const compulsoryMonths = values.compulsory === undefined ? undefined : readPaid(values.compulsory);
  if (values.compulsory !== undefined && compulsoryMonths === undefined) fail(`không đọc được thời gian đóng bắt buộc "${values.compulsory}".`);
  const salary = values.salary === undefined ? undefined : readIncome(values.salary);
  if (values.salary !== undefined && salary === undefined) fail(`không đọc được lương "${values.salary}".`);

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
    compulsoryMonths,
    compulsoryAverageIncome: salary,
    joinedBefore2021: values['joined-before-2021'],
  };
  const parsed = parseEstimateRequest(JSON.parse(JSON.stringify(body)));
  if (!parsed.ok) return fail(`${parsed.problem.message_vi} (${parsed.problem.field})`);
  const { birthDate, asOf } = parsed.value;
  if (birthDate !== undefined && asOf !== undefined && birthDate > asOf.slice(0, birthDate.length)) {
    return fail(`ngày sinh ${birthDate} ở sau ngày tính ${asOf}.`);
  }
  const result = estimate(parsed.value);
  console.log(values.json ? JSON.stringify(result, null, 2) : summarizeVi(result).join('\n'));
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) await runCli(main);
