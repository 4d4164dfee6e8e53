/**
 * Monthly contribution (Law Art. 31(2), 32(2), 36(1); D159): income base clamped to [floor, ceiling], 22 % of it,
 * minus a fixed central support and a provincial top-up, both computed on 22 % × the rural poverty standard —
 * never on the chosen income. Sums are exact in BigInt and rounded down to whole VND only when shown.
 */
import type { Policy } from './policy.ts';
import type { Period, SupportGroup } from './types.ts';

export type Adjustment = 'raised_to_floor' | 'lowered_to_ceiling' | null;

export interface ContributionInput {
  income: number;
  group: SupportGroup;
  period: Period;
  province?: string | undefined;
  /** Months of central support already received; the support stops at policy.supportMaxMonths. */
  supportMonthsUsed?: number | undefined;
}

export interface Contribution {
  incomeBase: number;
  adjusted: Adjustment;
  floor: number;
  ceiling: number;
  monthlyGross: number;
  monthlySupport: number;
  monthlyLocalSupport: number;
  monthlyNet: number;
  period: Period;
  periodNet: number;
  /** Months of support left before this payment (120-month cap). */
  supportMonthsLeft: number;
}

/** Raises the chosen income to the floor or lowers it to the ceiling, saying which. */
export function clampIncome(income: number, policy: Pick<Policy, 'floor' | 'ceiling'>): { incomeBase: number; adjusted: Adjustment } {
  if (income < policy.floor) return { incomeBase: policy.floor, adjusted: 'raised_to_floor' };
  if (income > policy.ceiling) return { incomeBase: policy.ceiling, adjusted: 'lowered_to_ceiling' };
  return { incomeBase: income, adjusted: null };
}

const BP = 10_000n;
/** Everything below is in units of 1/10⁸ VND (two basis-point factors), so no intermediate rounding happens. */
const UNIT = BP * BP;
const toVnd = (units: bigint): number => Number(units / UNIT);

export function computeContribution(input: ContributionInput, policy: Policy): Contribution {
  const { incomeBase, adjusted } = clampIncome(Math.floor(input.income), policy);
  const rate = BigInt(policy.contributionRateBp.value);
  const base = BigInt(policy.ruralPovertyStandard.value);

  const grossU = BigInt(incomeBase) * rate * BP;
  const supportLeft = Math.max(0, policy.supportMaxMonths.value - (input.supportMonthsUsed ?? 0));
  const supported = supportLeft > 0;
  const centralU = supported ? base * rate * BigInt(policy.supportBp.value[input.group]) : 0n;
  const topUp = input.province === undefined ? undefined : policy.localTopUps[input.province];
  // The participant never pays less than zero: if the two supports exceed 22 % × income, the local part shrinks.
  const rawLocalU = supported && topUp ? base * rate * BigInt(topUp.value[input.group]) : 0n;
  const localU = rawLocalU > grossU - centralU ? grossU - centralU : rawLocalU;
  const netU = grossU - centralU - localU;

  const supportedMonths = BigInt(Math.min(input.period, supportLeft));
  const periodNetU = grossU * BigInt(input.period) - (centralU + localU) * supportedMonths;

  return {
    incomeBase,
    adjusted,
    floor: policy.floor,
    ceiling: policy.ceiling,
    monthlyGross: toVnd(grossU),
    monthlySupport: toVnd(centralU),
    monthlyLocalSupport: toVnd(localU),
    monthlyNet: toVnd(netU),
    period: input.period,
    periodNet: toVnd(periodNetU),
    supportMonthsLeft: supportLeft,
  };
}
