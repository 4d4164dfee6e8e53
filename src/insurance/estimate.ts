/**
 * `estimate()`: one pure answer to "what do I pay and what do I get" — contribution, retirement month, pension
 * (or its projection), with the policy date, the legal sources used and Vietnamese notes naming every assumption.
 */
import { AppError, ErrorCodes } from '../errors.ts';
import { benefitsAt, type Benefits } from './benefits.ts';
import { formatMonth, monthOf } from './calendar.ts';
import { computeContribution, type Contribution } from './contribution.ts';
import { formatVnd, viDate } from './format.ts';
import { advancePayment, backPayment, type LumpSum } from './payments.ts';
import { computePension, type Pension } from './pension.ts';
import { policyAt, type Policy } from './policy.ts';
import { retirementFor, retirementView, type Retirement } from './retirement.ts';
import { parseEstimateRequest, type EstimateInput, type EstimateRequest } from './schema.ts';
import { PERIODS, type Cited, type Period, type Sex } from './types.ts';

export type PensionOption =
  /** Buy the missing months in one payment at retirement age (Art. 36(2)(e)), ≤ 60 months. */
  | { kind: 'back_pay'; months: number; amount: number; rMonthly: number }
  /** Keep paying monthly (methods a–đ) after retirement age until 15 years. */
  | { kind: 'keep_paying'; months: number }
  /** Monthly allowance from own contributions until social-pension age (Art. 23). */
  | { kind: 'monthly_allowance' }
  /** One-off withdrawal (Art. 102(1)(a)), minus the state support received. */
  | { kind: 'one_off_withdrawal' }
  /** Social pension from 75 (70 for poor / near-poor) (Art. 21). */
  | { kind: 'social_pension'; age: number; amount: number };

/**
 * Which assumption or uncertain figure a note is about: a stable identity for code to test or filter on, while the
 * Vietnamese text may be reworded (office staff edit it) without breaking anything.
 */
export type NoteCode =
  // The assumption of a parameter policy.md does not mark certain (named as in `policyAt()`).
  | 'rural_poverty_standard'
  | 'reference_level'
  | 'local_top_up'
  | 'fund_return_monthly'
  | 'adjustment_coefficients'
  | 'social_pension'
  // An input the calculator had to guess, or a figure of this answer that is not certain.
  | 'income_raised_to_floor'
  | 'income_lowered_to_ceiling'
  | 'local_top_up_unknown'
  | 'support_months_assumed'
  | 'support_months_left'
  | 'back_pay'
  | 'advance_support_undiscounted'
  | 'birth_month_assumed'
  | 'sex_and_birth_needed'
  | 'paid_months_assumed'
  | 'paid_average_assumed'
  | 'paid_average_adjusted'
  | 'pension_projected';

export interface EstimateNote {
  code: NoteCode;
  /** The Vietnamese sentence shown to the user (the same string as in `notes`). */
  text: string;
}

export interface EstimateResponse {
  contribution: Omit<Contribution, 'supportMonthsLeft'>;
  /** What one payment costs under each method (a)–(d), so the bot can compare them. */
  periodTotals: Array<{ period: Period; net: number }>;
  /** Only when `advanceMonths` was asked: one payment for that many future months (method đ). */
  advance?: LumpSum;
  retirement?: { age: { years: number; months: number }; reachedOn: string; pensionFrom: string };
  pension?: Pension & {
    /** True when future months up to retirement were added at the chosen income. */
    projected: boolean;
    futureMonths: number;
    options: PensionOption[];
  };
  benefits: Benefits;
  policy: { asOf: string; sources: string[] };
  /** Vietnamese sentences for the user: every assumption and every figure that is not certain. */
  notes: string[];
  /** The same notes, in the same order, each with its code: filter or test on `code`, never on the wording. */
  codedNotes: EstimateNote[];
}

/** Collects the legal bases used and the assumptions to show, in order, without duplicates. */
class Trail {
  readonly sources = new Set<string>();
  readonly notes: EstimateNote[] = [];
  use<T>(p: Cited<T>, code: NoteCode): T {
    this.sources.add(p.basis);
    if (p.confidence !== 'certain' && p.assumptionVi) this.note(code, p.assumptionVi);
    return p.value;
  }
  cite<T>(p: Cited<T>): T {
    this.sources.add(p.basis);
    return p.value;
  }
  note(code: NoteCode, text: string): void {
    if (!this.notes.some((n) => n.text === text)) this.notes.push({ code, text });
  }
}

function birthMonth(birthDate: string): number {
  return monthOf(birthDate.length === 4 ? `${birthDate}-01` : birthDate);
}

function contributionPart(req: EstimateInput, policy: Policy, trail: Trail): EstimateResponse['contribution'] {
  trail.cite(policy.contributionRateBp);
  trail.cite(policy.ceilingMultiplier);
  trail.cite(policy.supportBp);
  trail.cite(policy.supportMaxMonths);
  // The floor is the base of every support amount, so its assumption applies to every answer.
  trail.use(policy.ruralPovertyStandard, 'rural_poverty_standard');
  const c = computeContribution(req, policy);
  if (c.adjusted === 'raised_to_floor') {
    trail.note('income_raised_to_floor', `Thu nhập ${formatVnd(req.income)} thấp hơn mức tối thiểu (chuẩn nghèo nông thôn) nên được tính bằng ${formatVnd(c.floor)}.`);
  }
  if (c.adjusted === 'lowered_to_ceiling') {
    trail.use(policy.referenceLevel, 'reference_level');
    trail.note('income_lowered_to_ceiling', `Thu nhập ${formatVnd(req.income)} cao hơn mức tối đa (20 lần mức tham chiếu) nên được tính bằng ${formatVnd(c.ceiling)}.`);
  } else {
    trail.cite(policy.referenceLevel);
  }
  if (req.province !== undefined) {
    const top = policy.localTopUps[req.province];
    if (top) trail.use(top, 'local_top_up');
    else trail.note('local_top_up_unknown', `Chưa có dữ liệu hỗ trợ thêm của tỉnh mã ${req.province}: chỉ tính hỗ trợ của Nhà nước.`);
  }
  if (req.supportMonthsUsed === undefined) {
    trail.note('support_months_assumed', `Giả định bạn chưa nhận đủ ${policy.supportMaxMonths.value} tháng Nhà nước hỗ trợ (hỗ trợ tối đa 10 năm).`);
  } else if (c.supportMonthsLeft < req.period) {
    trail.note('support_months_left', `Chỉ còn ${c.supportMonthsLeft} tháng được Nhà nước hỗ trợ (tối đa ${policy.supportMaxMonths.value} tháng).`);
  }
  const { supportMonthsLeft: _left, ...shown } = c;
  return shown;
}

function options(shortfall: number, incomeBase: number, group: EstimateInput['group'], policy: Policy, trail: Trail): PensionOption[] {
  const out: PensionOption[] = [];
  const back = backPayment(incomeBase, shortfall, policy);
  if (back) {
    trail.cite(policy.backPayMaxMissingMonths);
    trail.use(policy.fundReturnMonthly, 'fund_return_monthly');
    trail.note('back_pay', `Đóng một lần cho ${back.months} tháng còn thiếu: khoảng ${formatVnd(back.amount)} (mức ${formatVnd(incomeBase)}/tháng, cộng lãi r); chưa trừ hỗ trợ của Nhà nước vì chưa rõ Nghị định 159 có áp dụng không.`);
    out.push({ kind: 'back_pay', months: back.months, amount: back.amount, rMonthly: back.rMonthly });
  }
  out.push({ kind: 'keep_paying', months: shortfall }, { kind: 'monthly_allowance' }, { kind: 'one_off_withdrawal' });
  const social = trail.use(policy.socialPension, 'social_pension');
  const poorish = group === 'poor' || group === 'near_poor';
  out.push({ kind: 'social_pension', age: poorish ? social.agePoorOrNearPoor : social.age, amount: social.amount });
  return out;
}

function pensionPart(req: EstimateInput, sex: Sex, r: Retirement, incomeBase: number, policy: Policy, trail: Trail): EstimateResponse['pension'] {
  trail.cite(policy.minPensionMonths);
  trail.cite(policy.pensionRate);
  const asOf = monthOf(policy.date);
  // Months still to pay: from this month through the month the age is reached, at the chosen income.
  const futureMonths = Math.max(0, r.reachedOn - asOf + 1);
  const paidMonths = req.paidMonths ?? 0;
  if (req.paidMonths === undefined) trail.note('paid_months_assumed', 'Giả định bạn chưa đóng BHXH tháng nào trước đây.');
  if (paidMonths > 0 && req.paidAverageIncome === undefined) {
    trail.note('paid_average_assumed', `Chưa biết thu nhập bình quân các tháng đã đóng: tạm tính bằng ${formatVnd(incomeBase)}.`);
  }
  const pastAverage = req.paidAverageIncome ?? incomeBase;
  const months = paidMonths + futureMonths;
  const p = computePension({ sex, monthsAtRetirement: months, adjustedIncomeSum: pastAverage * paidMonths + incomeBase * futureMonths }, policy);
  if (futureMonths > 0) {
    trail.use(policy.adjustmentCoefficients, 'adjustment_coefficients');
    trail.note(
      'pension_projected',
      `Lương hưu là ước tính: giả định bạn đóng đều ${futureMonths} tháng nữa với mức ${formatVnd(incomeBase)} đến ${viDate(formatMonth(r.reachedOn))}, ` +
        'tính theo giá trị tiền hôm nay (hệ số trượt giá 1, chưa tính các lần tăng mức tham chiếu).',
    );
  }
  if (req.paidAverageIncome !== undefined && paidMonths > 0) {
    trail.note('paid_average_adjusted', 'Thu nhập bình quân đã đóng được hiểu là đã nhân hệ số trượt giá.');
  }
  const opts = p.eligible ? [] : options(p.shortfallMonths, incomeBase, req.group, policy, trail);
  return { ...p, projected: futureMonths > 0, futureMonths, options: opts };
}

/**
 * Pure: no clock, no I/O. `asOf` must be in the request (the route and CLI fill in today's date).
 * Throws AppError BHXH_ESTIMATE_INPUT_INVALID (details.field) or BHXH_POLICY_DATE_UNCOVERED.
 */
export function estimate(request: EstimateRequest): EstimateResponse {
  const parsed = parseEstimateRequest(request);
  if (!parsed.ok) {
    throw new AppError(ErrorCodes.ESTIMATE_INPUT_INVALID, parsed.problem.message_en, { details: { ...parsed.problem } });
  }
  const req = parsed.value;
  if (req.asOf === undefined) {
    throw new AppError(ErrorCodes.ESTIMATE_INPUT_INVALID, 'asOf is required by estimate(); the caller supplies today', {
      details: { field: 'asOf' },
    });
  }
  const policy = policyAt(req.asOf);
  const trail = new Trail();
  const contribution = contributionPart(req, policy, trail);
  const response: EstimateResponse = {
    contribution,
    periodTotals: PERIODS.map((period) => ({ period, net: computeContribution({ ...req, period }, policy).periodNet })),
    benefits: benefitsAt(policy),
    policy: { asOf: req.asOf, sources: [] },
    notes: [],
    codedNotes: [],
  };

  if (req.advanceMonths !== undefined) {
    const left = Math.max(0, policy.supportMaxMonths.value - (req.supportMonthsUsed ?? 0));
    trail.cite(policy.advanceMaxMonths);
    trail.use(policy.fundReturnMonthly, 'fund_return_monthly');
    trail.note('advance_support_undiscounted', 'Khi đóng trước nhiều năm, phần hỗ trợ của Nhà nước được trừ theo mức hiện tại, không chiết khấu (cách làm của phần mềm đại lý, chưa có văn bản xác nhận).');
    response.advance = advancePayment(contribution.incomeBase, req.advanceMonths, contribution.monthlySupport + contribution.monthlyLocalSupport, policy, left);
  }

  if (req.sex !== undefined && req.birthDate !== undefined) {
    const rule = trail.cite(policy.retirementAge);
    if (req.birthDate.length === 4) trail.note('birth_month_assumed', 'Không rõ tháng sinh: tính như sinh tháng 1 (theo quy định).');
    const r = retirementFor(req.sex, birthMonth(req.birthDate), rule);
    response.retirement = retirementView(r);
    response.pension = pensionPart(req, req.sex, r, contribution.incomeBase, policy, trail);
  } else if (req.paidMonths !== undefined) {
    trail.note('sex_and_birth_needed', 'Cần giới tính và ngày sinh để tính tuổi nghỉ hưu và lương hưu.');
  }

  response.policy.sources = [...trail.sources];
  response.notes = trail.notes.map((n) => n.text);
  response.codedNotes = trail.notes;
  return response;
}
