/**
 * Monthly pension (Law Art. 98–100): eligible with ≥ 15 whole years; rate by sex and years, where odd months count
 * 1–6 → half a year and 7–11 → a whole year (Art. 5(6)); capped at 75 %; each year above 30 (women) / 35 (men)
 * earns 0.5 × Mbq once. Rates are in basis points and amounts in BigInt so the only rounding is the final floor.
 */
import type { Policy } from './policy.ts';
import type { Bp, PensionRateRule, Sex } from './types.ts';

/** Years counted for the *amount*, in half years: 20 y 5 m → 41, 19 y 7 m → 40 (Art. 5(6)). */
export function halfYearsForRate(months: number): number {
  const whole = Math.floor(months / 12);
  const rest = months % 12;
  return 2 * whole + (rest === 0 ? 0 : rest <= 6 ? 1 : 2);
}

/** Rate in basis points for someone eligible; 0 below the first tier. */
export function pensionRateBp(sex: Sex, months: number, rule: PensionRateRule): Bp {
  const half = halfYearsForRate(months);
  const tiers = sex === 'female' ? [rule.female] : rule.male;
  const tier = [...tiers].reverse().find((t) => half >= 2 * t.fromYears);
  if (!tier) return 0;
  // stepBp is per whole year; half years give half a step (stepBp values are even).
  const rate = tier.baseBp + (tier.stepBp * (half - 2 * tier.fromYears)) / 2;
  return Math.min(rate, rule.capBp);
}

/** Half years above the lump-sum threshold (Art. 100): woman 33 y → 6, man 35 y 3 m → 1. */
export function halfYearsAboveThreshold(sex: Sex, months: number, rule: PensionRateRule): number {
  return Math.max(0, halfYearsForRate(months) - 2 * rule.lumpSumAboveYears[sex]);
}

export interface PensionInput {
  sex: Sex;
  monthsAtRetirement: number;
  /**
   * Σ adjusted monthly income bases over all months (integer VND): Mbq = this ÷ monthsAtRetirement. Passed as the
   * sum so the average is never rounded before the final amount.
   */
  adjustedIncomeSum: number;
}

export interface Pension {
  monthsAtRetirement: number;
  eligible: boolean;
  ratePercent: number;
  monthlyAmount: number;
  lumpSumAllowance: number;
  shortfallMonths: number;
  /** Mbq rounded down, for display only. */
  averageIncome: number;
}

export function computePension(input: PensionInput, policy: Policy): Pension {
  const rule = policy.pensionRate.value;
  const months = Math.max(0, Math.floor(input.monthsAtRetirement));
  const min = policy.minPensionMonths.value;
  const eligible = months >= min;
  const sum = BigInt(Math.floor(input.adjustedIncomeSum));
  const averageIncome = months === 0 ? 0 : Number(sum / BigInt(months));
  if (!eligible) {
    return { monthsAtRetirement: months, eligible, ratePercent: 0, monthlyAmount: 0, lumpSumAllowance: 0, shortfallMonths: min - months, averageIncome };
  }
  const rateBp = pensionRateBp(input.sex, months, rule);
  const denom = 10_000n * BigInt(months);
  const monthlyAmount = Number((sum * BigInt(rateBp)) / denom);
  const above = halfYearsAboveThreshold(input.sex, months, rule);
  // 0.5 × Mbq per year = lumpSumPerYearBp × Mbq × halfYears / 2.
  const lumpSumAllowance = Number((sum * BigInt(rule.lumpSumPerYearBp) * BigInt(above)) / (2n * denom));
  return { monthsAtRetirement: months, eligible, ratePercent: rateBp / 100, monthlyAmount, lumpSumAllowance, shortfallMonths: 0, averageIncome };
}

/**
 * Mbq from a contribution history (Law Art. 104; D159 Art. 10): each year's incomes × that year's coefficient,
 * over all months. Years missing from the table (future years) use 1 — the caller states that assumption.
 */
export function adjustedAverageIncome(history: Array<{ year: number; months: number; income: number }>, coefficients: Record<number, number>): number {
  let sum = 0;
  let months = 0;
  for (const h of history) {
    sum += h.months * h.income * Math.max(1, coefficients[h.year] ?? 1);
    months += h.months;
  }
  return months === 0 ? 0 : sum / months;
}
