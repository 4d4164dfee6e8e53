/**
 * The `POST /api/v1/estimate` request (../shared/ARCHITECTURE.md), validated with zod. The same parser serves the
 * HTTP route, the CLI and `estimate()`, so a bad field gets the same bilingual message everywhere.
 */
import { z } from 'zod';
import { isValidDay } from './calendar.ts';
import { PERIODS, SUPPORT_GROUPS } from './types.ts';

const money = z.number().int().min(0).max(1_000_000_000_000);
const day = z.string().refine(isValidDay, 'expected YYYY-MM-DD');

/** Birth date as YYYY-MM-DD or YYYY-MM; a bare YYYY means month unknown → January (Circular 11/2025 Art. 5). */
const birth = z.string().refine((s) => {
  if (/^\d{4}$/.test(s)) return true;
  if (/^\d{4}-\d{2}$/.test(s)) return isValidDay(`${s}-01`);
  return isValidDay(s);
}, 'expected YYYY-MM-DD or YYYY-MM');

export const estimateRequestSchema = z.object({
  income: money,
  group: z.enum(SUPPORT_GROUPS).default('other'),
  province: z.string().regex(/^\d{2}$/, 'expected a two-digit province code').optional(),
  period: z.union(PERIODS.map((p) => z.literal(p))).default(1),
  asOf: day.optional(),
  sex: z.enum(['male', 'female']).optional(),
  birthDate: birth.optional(),
  paidMonths: z.number().int().min(0).max(1200).optional(),
  /** Average monthly income base of the past months; with `compulsoryMonths`, of the voluntary past months only. */
  paidAverageIncome: money.optional(),
  /** Extra to the contract: the part of `paidMonths` paid through an employer (compulsory SI). */
  compulsoryMonths: z.number().int().min(0).max(1200).optional(),
  /** Extra to the contract: the average monthly salary of those compulsory months (policy.md §4.4 mixed careers). */
  compulsoryAverageIncome: money.optional(),
  /** Extra to the contract: joined voluntary SI before 01-01-2021 (transitional rule, Law Art. 141(9)). */
  joinedBefore2021: z.boolean().optional(),
  /** Extra to the contract: months of central support already received (120-month cap); assumed 0 when absent. */
  supportMonthsUsed: z.number().int().min(0).max(1200).optional(),
  /** Extra to the contract: also price paying this many future months at once (method đ, 13–60 months). */
  advanceMonths: z.number().int().min(13).max(60).optional(),
});

/** What callers send (group and period optional). `estimate()` needs `asOf`: the route and CLI fill in today. */
export type EstimateRequest = z.input<typeof estimateRequestSchema>;
/** After defaults. */
export type EstimateInput = z.output<typeof estimateRequestSchema>;

const FIELD_TEXT: Record<string, { vi: string; en: string }> = {
  income: { vi: 'Thu nhập (income) phải là số tiền VND nguyên, không âm.', en: 'income must be a non-negative whole number of VND.' },
  group: { vi: 'Nhóm hỗ trợ (group) phải là poor, near_poor, ethnic_minority, island_zone hoặc other.', en: 'group must be one of poor, near_poor, ethnic_minority, island_zone, other.' },
  province: { vi: 'Mã tỉnh (province) phải gồm 2 chữ số, ví dụ 01.', en: 'province must be a two-digit province code, e.g. 01.' },
  period: { vi: 'Phương thức đóng (period) phải là 1, 3, 6 hoặc 12 tháng.', en: 'period must be 1, 3, 6 or 12 (months).' },
  asOf: { vi: 'Ngày tính (asOf) phải có dạng YYYY-MM-DD.', en: 'asOf must be a date YYYY-MM-DD.' },
  sex: { vi: 'Giới tính (sex) phải là male hoặc female.', en: 'sex must be male or female.' },
  birthDate: { vi: 'Ngày sinh (birthDate) phải có dạng YYYY-MM-DD hoặc YYYY-MM.', en: 'birthDate must be YYYY-MM-DD or YYYY-MM.' },
  paidMonths: { vi: 'Số tháng đã đóng (paidMonths) phải là số nguyên từ 0 đến 1200.', en: 'paidMonths must be a whole number from 0 to 1200.' },
  paidAverageIncome: { vi: 'Thu nhập bình quân đã đóng (paidAverageIncome) phải là số tiền VND nguyên, không âm.', en: 'paidAverageIncome must be a non-negative whole number of VND.' },
  advanceMonths: { vi: 'Số tháng đóng trước (advanceMonths) phải là số nguyên từ 13 đến 60.', en: 'advanceMonths must be a whole number from 13 to 60.' },
  compulsoryMonths: { vi: 'Số tháng đóng bắt buộc (compulsoryMonths) phải là số nguyên từ 0 đến 1200, không quá paidMonths.', en: 'compulsoryMonths must be a whole number from 0 to 1200, at most paidMonths.' },
  compulsoryAverageIncome: { vi: 'Lương bình quân thời gian đóng bắt buộc (compulsoryAverageIncome) phải là số tiền VND nguyên, không âm.', en: 'compulsoryAverageIncome must be a non-negative whole number of VND.' },
  joinedBefore2021: { vi: 'joinedBefore2021 phải là true hoặc false.', en: 'joinedBefore2021 must be true or false.' },
  supportMonthsUsed: { vi: 'Số tháng đã được hỗ trợ (supportMonthsUsed) phải là số nguyên từ 0 đến 1200.', en: 'supportMonthsUsed must be a whole number from 0 to 1200.' },
};

export interface InputProblem {
  field: string;
  message_vi: string;
  message_en: string;
}

export type ParsedRequest = { ok: true; value: EstimateInput } | { ok: false; problem: InputProblem };

export function parseEstimateRequest(body: unknown): ParsedRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, problem: { field: 'body', message_vi: 'Nội dung yêu cầu phải là một đối tượng JSON.', message_en: 'The request body must be a JSON object.' } };
  }
  const r = estimateRequestSchema.safeParse(body);
  if (r.success && (r.data.compulsoryMonths ?? 0) > (r.data.paidMonths ?? 0)) {
    const text = FIELD_TEXT.compulsoryMonths!;
    return { ok: false, problem: { field: 'compulsoryMonths', message_vi: text.vi, message_en: text.en } };
  }
  if (r.success) return { ok: true, value: r.data };
  const issue = r.error.issues[0];
  const field = issue?.path.map(String).join('.') || 'body';
  const text = FIELD_TEXT[field];
  return {
    ok: false,
    problem: {
      field,
      message_vi: text?.vi ?? `Trường ${field} không hợp lệ.`,
      message_en: text?.en ?? `${field} is invalid: ${issue?.message ?? 'bad value'}.`,
    },
  };
}
