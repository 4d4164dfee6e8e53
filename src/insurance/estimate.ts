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
import { monthlyAllowance, oneOffWithdrawal, supportReceivedEstimate } from './lump-sums.ts';
import { computePension, type Pension } from './pension.ts';
import { floorAt, policyAt, upcomingChanges, type Policy } from './policy.ts';
import { retirementFor, retirementView, type Retirement } from './retirement.ts';
import { parseEstimateRequest, type EstimateInput, type EstimateRequest } from './schema.ts';
import { PERIODS, type Cited, type Period, type Sex } from './types.ts';

export type PensionOption =
  /**
   * Buy the missing months in one payment at retirement age (Art. 36(2)(e)), ≤ 60 months. `afterKeepPayingMonths`
   * > 0: more than 60 months short, so that many months must be paid first (policy.md §3.3).
   */
  | { kind: 'back_pay'; months: number; amount: number; rMonthly: number; afterKeepPayingMonths: number; payOn: string; pensionFrom: string; pensionMonthly: number }
  /** Keep paying monthly (methods a–đ) after retirement age until 15 years: the last month, then the pension. */
  | { kind: 'keep_paying'; months: number; until: string; pensionFrom: string; pensionMonthly: number }
  /** Monthly allowance from own contributions until social-pension age (Art. 23). */
  | { kind: 'monthly_allowance'; monthly: number; months: number; pot: number; untilSocialPensionAge: boolean }
  /** One-off withdrawal (Art. 102(1)(a)), minus the state support received. */
  | { kind: 'one_off_withdrawal'; amount: number; gross: number; supportDeducted: number }
  /** Social pension from 75 (70 for poor / near-poor) (Art. 21); `eligibleNow` when that age is already reached. */
  | { kind: 'social_pension'; age: number; amount: number; from: string; eligibleNow: boolean; province?: string };

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
  | 'pension_projected'
  // Added for issue 12.
  | 'local_social_pension'
  | 'upcoming_change'
  | 'future_floor_applied'
  | 'past_salary_assumed'
  | 'mixed_career'
  | 'transitional_rule'
  | 'pension_in_past'
  | 'paid_up_to_now_assumed'
  | 'withdrawal_support_estimated'
  | 'monthly_allowance';

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
    /**
     * Added for issue 12. Which age rule gives the pension: the Labour Code age, or 60/55 under the transitional
     * rule (joined before 2021 with ≥ 20 voluntary years, Law Art. 141(9)).
     */
    rule: 'statutory' | 'transitional';
    /** Eligible only: the month both conditions (age and 15 years) are met, and the first month of pension. */
    conditionsMetOn?: string;
    pensionStartsOn?: string;
    /** True when `pensionStartsOn` is before the policy date's month (said as past, never as to come). */
    startInPast?: boolean;
    /** The month the person reached (or reaches) retirement age is before the policy date's month. */
    pastRetirementAge: boolean;
  };
  /**
   * Added for issue 12: dated changes within three months of `asOf` of the figures this answer rests on (the 2027
   * floor), with the contribution recomputed under the new figure.
   */
  upcoming: Array<{
    parameter: string;
    from: string;
    before: number;
    after: number;
    confidence: Cited<unknown>['confidence'];
    contribution: { incomeBase: number; adjusted: Contribution['adjusted']; monthlyNet: number; periodNet: number };
  }>;
  /** Added for issue 12: the province whose top-up is included, by name (absent without a top-up). */
  localSupport?: { province: string; nameVi: string; confidence: Cited<unknown>['confidence'] };
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

/** The figures of this quote that change within three months, and the contribution under the new figure. */
function upcomingPart(req: EstimateInput, policy: Policy, trail: Trail): EstimateResponse['upcoming'] {
  return upcomingChanges(policy.date).map((u) => {
    const next = computeContribution(req, policyAt(u.from));
    if (u.parameter === 'rural_poverty_standard') {
      trail.note(
        'upcoming_change',
        `Từ ${viDate(u.from)} mức thu nhập thấp nhất ${u.confidence === 'certain' ? 'tăng' : 'dự kiến tăng'} từ ${formatVnd(u.before)} lên ${formatVnd(u.after)}` +
          `${u.confidence === 'certain' ? '' : ' (chưa có văn bản xác nhận)'}: khi đó mức đóng của bạn là ${formatVnd(next.monthlyNet)}/tháng.`,
      );
    }
    return {
      parameter: u.parameter, from: u.from, before: u.before, after: u.after, confidence: u.confidence,
      contribution: { incomeBase: next.incomeBase, adjusted: next.adjusted, monthlyNet: next.monthlyNet, periodNet: next.periodNet },
    };
  });
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

/** The income base of a future month: the chosen income, raised to the floor in force then when the data knows it. */
function baseIn(month: number, income: number, incomeBase: number): number {
  const floor = floorAt(month);
  return floor !== undefined && income < floor ? Math.max(incomeBase, floor) : incomeBase;
}

/** Σ of future income bases from month `from` through `to` (inclusive), and whether a later floor raised any. */
function futureSum(from: number, to: number, income: number, incomeBase: number): { sum: number; raisedFrom?: number } {
  let sum = 0;
  let raisedFrom: number | undefined;
  for (let m = from; m <= to; m++) {
    const b = baseIn(m, income, incomeBase);
    if (b > incomeBase && raisedFrom === undefined) raisedFrom = m;
    sum += b;
  }
  return raisedFrom === undefined ? { sum } : { sum, raisedFrom };
}

interface Career {
  sex: Sex;
  birth: number;
  asOf: number;
  income: number;
  incomeBase: number;
  /** Months and Σ adjusted income of the past (before this month). */
  pastMonths: number;
  pastSum: number;
  pastVoluntary: number;
  compulsoryMonths: number;
  /** Central + local support per month now (for the withdrawal's deduction). */
  monthlySupport: number;
  group: EstimateInput['group'];
  province: string | undefined;
}

function options(c: Career, r: Retirement, shortfall: number, monthsAt: number, sumAt: number, policy: Policy, trail: Trail): PensionOption[] {
  const out: PensionOption[] = [];
  const from = Math.max(r.reachedOn, c.asOf - 1);
  const pensionWith = (months: number, sum: number) => computePension({ sex: c.sex, monthsAtRetirement: months, adjustedIncomeSum: sum }, policy).monthlyAmount;
  const maxBack = policy.backPayMaxMissingMonths.value;
  trail.cite(policy.backPayMaxMissingMonths);
  // Keep paying after the age (or from now, when past it) until 15 years; the pension starts the month after.
  const keepFrom = from + 1;
  const keep = futureSum(keepFrom, keepFrom + shortfall - 1, c.income, c.incomeBase);
  const keepOption: PensionOption = {
    kind: 'keep_paying', months: shortfall, until: formatMonth(keepFrom + shortfall - 1), pensionFrom: formatMonth(keepFrom + shortfall),
    pensionMonthly: pensionWith(monthsAt + shortfall, sumAt + keep.sum),
  };
  // Buy the missing months at once (≤ 60); more than 60 short: keep paying down to 60 first.
  const first = Math.max(0, shortfall - maxBack);
  // Paid the month after the last monthly payment, or at once (at the age, or now when past it).
  const payOn = first > 0 ? keepFrom + first : Math.max(r.reachedOn, c.asOf);
  const firstSum = first > 0 ? futureSum(keepFrom, keepFrom + first - 1, c.income, c.incomeBase).sum : 0;
  const buyBase = baseIn(payOn, c.income, c.incomeBase);
  const back = backPayment(buyBase, shortfall - first, policy);
  if (back) {
    trail.use(policy.fundReturnMonthly, 'fund_return_monthly');
    trail.note('back_pay', `Đóng một lần cho ${back.months} tháng còn thiếu: khoảng ${formatVnd(back.amount)} (mức ${formatVnd(buyBase)}/tháng, cộng lãi r); chưa trừ hỗ trợ của Nhà nước vì chưa rõ cách đóng này có được hỗ trợ không.`);
    out.push({
      kind: 'back_pay', months: back.months, amount: back.amount, rMonthly: back.rMonthly, afterKeepPayingMonths: first,
      payOn: formatMonth(payOn), pensionFrom: formatMonth(payOn + 1),
      // Bought months count with coefficient 1 at the income they are bought at (D159 Art. 10(3)).
      pensionMonthly: pensionWith(monthsAt + first + back.months, sumAt + firstSum + buyBase * back.months),
    });
  }
  out.push(keepOption);
  const social = trail.use(policy.socialPension, 'social_pension');
  const local = c.province === undefined ? undefined : policy.localSocialPensions[c.province];
  const amount = local ? trail.use(local, 'local_social_pension') : social.amount;
  const poorish = c.group === 'poor' || c.group === 'near_poor';
  const age = poorish ? social.agePoorOrNearPoor : social.age;
  const socialMonth = c.birth + age * 12;
  // Art. 23 allowance: from the month after the age until social-pension age, from the contributions made.
  const allowanceFrom = Math.max(r.reachedOn + 1, c.asOf);
  if (socialMonth > allowanceFrom) {
    const mbq = monthsAt === 0 ? 0 : sumAt / monthsAt;
    const a = monthlyAllowance({ months: monthsAt, averageIncome: mbq }, socialMonth - allowanceFrom, amount, policy);
    trail.use(policy.monthlyAllowance, 'monthly_allowance');
    out.push({ kind: 'monthly_allowance', monthly: a.monthly, months: a.months, pot: a.pot, untilSocialPensionAge: a.untilSocialPensionAge });
  }
  const voluntary = Math.max(0, monthsAt - c.compulsoryMonths);
  const support = supportReceivedEstimate(voluntary, c.monthlySupport, policy);
  const w = oneOffWithdrawal({ months: monthsAt, averageIncome: monthsAt === 0 ? 0 : sumAt / monthsAt, lastMonth: from }, support, policy);
  trail.cite(policy.lumpSumPerYear);
  if (support > 0) {
    trail.note('withdrawal_support_estimated', `Số tiền nhận một lần đã trừ khoảng ${formatVnd(support)} Nhà nước hỗ trợ (tính theo mức hỗ trợ hiện nay; những năm trước mức hỗ trợ thấp hơn nên số thực nhận có thể cao hơn).`);
  }
  out.push({ kind: 'one_off_withdrawal', amount: w.amount, gross: w.gross, supportDeducted: w.supportDeducted });
  out.push({ kind: 'social_pension', age, amount, from: formatMonth(socialMonth), eligibleNow: c.asOf >= socialMonth, ...(local ? { province: local.nameVi } : {}) });
  return out;
}

/** The transitional month (Law Art. 141(9)): 60/55 and 240 voluntary months, when earlier than the statutory age. */
function transitionalMonth(c: Career, r: Retirement, policy: Policy): number | undefined {
  const t = policy.transitionalRetirement.value;
  const ageMonth = c.birth + t.ageMonths[c.sex];
  // The month the 240th voluntary month is (or was, at the latest last month) paid, paying every month from now on.
  const volReached = c.asOf - 1 + Math.max(0, t.minVoluntaryMonths - c.pastVoluntary);
  const m = Math.max(ageMonth, volReached);
  return m < r.reachedOn ? m : undefined;
}

/** The past as the calculator reads it: voluntary and compulsory months, each with its average (policy.md §4.4). */
function career(req: EstimateInput, sex: Sex, birth: number, contribution: EstimateResponse['contribution'], policy: Policy, trail: Trail): Career {
  const incomeBase = contribution.incomeBase;
  const paidMonths = req.paidMonths ?? 0;
  const compulsoryMonths = Math.min(req.compulsoryMonths ?? 0, paidMonths);
  const voluntary = paidMonths - compulsoryMonths;
  if (req.paidMonths === undefined) trail.note('paid_months_assumed', 'Giả định bạn chưa đóng BHXH tháng nào trước đây.');
  if (voluntary > 0 && req.paidAverageIncome === undefined) {
    trail.note('paid_average_assumed', `Chưa biết thu nhập bình quân các tháng đã đóng: tạm tính bằng ${formatVnd(incomeBase)}.`);
  }
  if (compulsoryMonths > 0) {
    if (req.compulsoryAverageIncome === undefined) {
      trail.note('past_salary_assumed', `Chưa biết lương đóng BHXH bắt buộc trước đây: tạm tính bằng ${formatVnd(incomeBase)}/tháng (mức bạn chọn).`);
    }
    trail.note('mixed_career', `Lương hưu tính chung ${compulsoryMonths} tháng đóng bắt buộc (lương bình quân ${formatVnd(req.compulsoryAverageIncome ?? incomeBase)}) với thời gian đóng tự nguyện.`);
  }
  if (req.paidAverageIncome !== undefined && voluntary > 0) {
    trail.note('paid_average_adjusted', 'Thu nhập bình quân đã đóng được hiểu là đã nhân hệ số trượt giá.');
  }
  const pastSum = (req.paidAverageIncome ?? incomeBase) * voluntary + (req.compulsoryAverageIncome ?? incomeBase) * compulsoryMonths;
  return {
    sex, birth, asOf: monthOf(policy.date), income: req.income, incomeBase, pastMonths: paidMonths, pastSum, pastVoluntary: voluntary, compulsoryMonths,
    monthlySupport: contribution.monthlySupport + contribution.monthlyLocalSupport, group: req.group, province: req.province,
  };
}

function pensionPart(req: EstimateInput, c: Career, r: Retirement, policy: Policy, trail: Trail): EstimateResponse['pension'] {
  trail.cite(policy.minPensionMonths);
  trail.cite(policy.pensionRate);
  const min = policy.minPensionMonths.value;
  let rule: 'statutory' | 'transitional' = 'statutory';
  let retireAt = r.reachedOn;
  if (req.joinedBefore2021 === true) {
    trail.cite(policy.transitionalRetirement);
    const tm = transitionalMonth(c, r, policy);
    if (tm !== undefined) {
      rule = 'transitional';
      retireAt = tm;
      const t = policy.transitionalRetirement.value;
      trail.note('transitional_rule', `Bạn tham gia BHXH tự nguyện trước ${viDate(t.joinedBefore)} và có đủ ${t.minVoluntaryMonths / 12} năm đóng tự nguyện nên được nghỉ hưu ở tuổi ${t.ageMonths[c.sex] / 12} (quy định chuyển tiếp), sớm hơn tuổi nghỉ hưu chung.`);
    }
  }
  // Months still to pay: from this month through the month the age is reached, at the chosen income.
  const futureMonths = Math.max(0, retireAt - c.asOf + 1);
  const fut = futureSum(c.asOf, retireAt, c.income, c.incomeBase);
  if (fut.raisedFrom !== undefined) {
    trail.note('future_floor_applied', `Từ tháng ${viDate(formatMonth(fut.raisedFrom))} mức thu nhập thấp nhất tăng lên ${formatVnd(baseIn(fut.raisedFrom, c.income, c.incomeBase))}: lương hưu được tính với mức đó cho những tháng sau.`);
  }
  const months = c.pastMonths + futureMonths;
  const sum = c.pastSum + fut.sum;
  const p = computePension({ sex: c.sex, monthsAtRetirement: months, adjustedIncomeSum: sum }, policy);
  if (futureMonths > 0) {
    trail.use(policy.adjustmentCoefficients, 'adjustment_coefficients');
    trail.note(
      'pension_projected',
      `Lương hưu là ước tính: giả định bạn đóng đều ${futureMonths} tháng nữa với mức ${formatVnd(c.incomeBase)} đến ${viDate(formatMonth(retireAt))}, ` +
        'tính theo giá trị tiền hôm nay (hệ số trượt giá 1, chưa tính các lần tăng mức tham chiếu).',
    );
  }
  const pastRetirementAge = r.reachedOn < c.asOf;
  const base = { ...p, projected: futureMonths > 0, futureMonths, rule, pastRetirementAge };
  if (!p.eligible) return { ...base, options: options(c, r, p.shortfallMonths, months, sum, policy, trail) };
  // Both conditions: the age (or the transitional month) and the 180th month. Past months are taken as paid up to
  // last month; the 180th month of a person who keeps paying is this month or later.
  const fifteen = c.pastMonths >= min ? c.asOf - 1 - (c.pastMonths - min) : c.asOf + (min - c.pastMonths) - 1;
  if (c.pastMonths >= min && pastRetirementAge) trail.note('paid_up_to_now_assumed', 'Giả định bạn đóng liên tục đến tháng trước, nên đủ 15 năm vào lúc đó.');
  const met = Math.max(retireAt, fifteen);
  const startInPast = met + 1 < c.asOf;
  if (startInPast) trail.note('pension_in_past', `Bạn đã đủ điều kiện hưởng lương hưu từ tháng ${viDate(formatMonth(met))}: nên làm hồ sơ hưởng ngay.`);
  return { ...base, options: [], conditionsMetOn: formatMonth(met), pensionStartsOn: formatMonth(met + 1), startInPast };
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
    upcoming: upcomingPart(req, policy, trail),
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
    const birth = birthMonth(req.birthDate);
    const r = retirementFor(req.sex, birth, rule);
    response.retirement = retirementView(r);
    response.pension = pensionPart(req, career(req, req.sex, birth, contribution, policy, trail), r, policy, trail);
  } else if (req.paidMonths !== undefined) {
    trail.note('sex_and_birth_needed', 'Cần giới tính và ngày sinh để tính tuổi nghỉ hưu và lương hưu.');
  }

  const top = req.province === undefined ? undefined : policy.localTopUps[req.province];
  if (top && contribution.monthlyLocalSupport > 0) response.localSupport = { province: top.province, nameVi: top.nameVi, confidence: top.confidence };
  response.policy.sources = [...trail.sources];
  response.notes = trail.notes.map((n) => n.text);
  response.codedNotes = trail.notes;
  return response;
}
