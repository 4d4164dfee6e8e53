/**
 * Amounts paid once (policy.md §5): the one-off withdrawal (Law Art. 102(2)–(3); D159 Art. 9), the survivor lump
 * sum (Art. 110(2)), the funeral allowance (Art. 109) and the monthly allowance for those short of 15 years
 * (Art. 23; D159 Art. 14). Per year of contributions: 1.5 × Mbq for years before 2014, 2 × Mbq from 2014; odd
 * months count as half or whole years (Art. 5(6)), carried into the later period; less than a year → the amount
 * paid, at most 2 × Mbq. Integers in, whole VND out (rounded down once).
 */
import type { MonthIndex } from './calendar.ts';
import { halfYearsForRate } from './pension.ts';
import type { Policy } from './policy.ts';

export interface ContributionSpan {
  /** Months of contributions. */
  months: number;
  /** Mbq: the (adjusted) average monthly income base. */
  averageIncome: number;
  /** Last month paid: the span is taken as continuous up to it (to split the years before and from 2014). */
  lastMonth: MonthIndex;
}

export interface LumpSumAmount {
  /** Before any deduction. */
  gross: number;
  /** Half years counted at the pre-2014 and the 2014+ rates. */
  halfYearsBefore2014: number;
  halfYearsFrom2014: number;
  /** State support deducted (withdrawal only). */
  supportDeducted: number;
  amount: number;
}

function perYear(span: ContributionSpan, policy: Policy): Omit<LumpSumAmount, 'supportDeducted' | 'amount'> {
  const { before2014Bp, from2014Bp, splitYear } = policy.lumpSumPerYear.value;
  const months = Math.max(0, Math.floor(span.months));
  const first = span.lastMonth - months + 1;
  const beforeMonths = Math.max(0, Math.min(months, splitYear * 12 - first));
  // Whole years before 2014 at the lower rate; their odd months join the later period (rounded there).
  const wholeBefore = Math.floor(beforeMonths / 12);
  const later = months - wholeBefore * 12;
  const halfFrom = halfYearsForRate(later);
  const avg = BigInt(Math.floor(span.averageIncome));
  if (months < 12) {
    // Less than a year: what was paid (22 % of the income base), at most 2 × Mbq.
    const paid = (avg * BigInt(months) * BigInt(policy.contributionRateBp.value)) / 10_000n;
    const cap = (avg * BigInt(from2014Bp)) / 10_000n;
    return { gross: Number(paid < cap ? paid : cap), halfYearsBefore2014: 0, halfYearsFrom2014: halfFrom };
  }
  const gross = (avg * (BigInt(before2014Bp) * BigInt(2 * wholeBefore) + BigInt(from2014Bp) * BigInt(halfFrom))) / 20_000n;
  return { gross: Number(gross), halfYearsBefore2014: 2 * wholeBefore, halfYearsFrom2014: halfFrom };
}

/** One-off withdrawal: per-year amount minus the state support received (D159 Art. 9: MH = TC − Σ support). */
export function oneOffWithdrawal(span: ContributionSpan, supportReceived: number, policy: Policy): LumpSumAmount {
  const p = perYear(span, policy);
  const supportDeducted = Math.min(p.gross, Math.max(0, Math.floor(supportReceived)));
  return { ...p, supportDeducted, amount: p.gross - supportDeducted };
}

/** Survivor lump sum when a participant (not yet a pensioner) dies: the per-year amount, nothing deducted. */
export function survivorLumpSum(span: ContributionSpan, policy: Policy): LumpSumAmount {
  const p = perYear(span, policy);
  return { ...p, supportDeducted: 0, amount: p.gross };
}

/** Funeral allowance: 10 × reference level, with ≥ 60 months of contributions (or a pension). */
export function funeralAllowance(months: number, policy: Policy): { amount: number; eligible: boolean; minMonths: number } {
  const minMonths = policy.funeralMinMonths.value;
  return { amount: policy.funeralMultiplier.value * policy.referenceLevel.value, eligible: months >= minMonths, minMonths };
}

/**
 * State support a participant received, as far as the data can say: the monthly support in force today for the
 * months paid, at most the cap (120 months). Earlier rates were lower (old law), so this is an upper bound and the
 * withdrawal computed with it a lower bound; the caller says so.
 */
export function supportReceivedEstimate(months: number, monthlySupport: number, policy: Policy): number {
  return Math.min(Math.max(0, months), policy.supportMaxMonths.value) * monthlySupport;
}

export interface MonthlyAllowance {
  /** The pot: 2 × Mbq per year paid. */
  pot: number;
  monthly: number;
  /** How many months it is paid (until social-pension age, or until the pot runs out at the floor amount). */
  months: number;
  /** True when it lasts until social-pension age. */
  untilSocialPensionAge: boolean;
}

/** Art. 23: paid monthly from the pot until social-pension age, never below the social pension amount. */
export function monthlyAllowance(span: Omit<ContributionSpan, 'lastMonth'>, monthsToSocialPensionAge: number, socialPensionAmount: number, policy: Policy): MonthlyAllowance {
  const half = halfYearsForRate(Math.max(0, Math.floor(span.months)));
  const pot = Math.floor((Math.floor(span.averageIncome) * policy.monthlyAllowance.value.potPerYearBp * half) / 20_000);
  const until = Math.max(1, monthsToSocialPensionAge);
  if (socialPensionAmount <= 0) return { pot, monthly: 0, months: 0, untilSocialPensionAge: false };
  if (pot / until >= socialPensionAmount) return { pot, monthly: Math.floor(pot / until), months: until, untilSocialPensionAge: true };
  const months = Math.floor(pot / socialPensionAmount);
  return { pot, monthly: months > 0 ? socialPensionAmount : 0, months, untilSocialPensionAge: months >= until };
}
