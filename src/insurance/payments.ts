/**
 * Lump-sum methods of Law Art. 36(2): (đ) paying up to 60 future months at once, discounted at the fund return r;
 * (e) buying up to 60 missing months at retirement age, compounded at r (policy.md §3.2–3.3, D159 Art. 6–7).
 * r is a placeholder until VSS publishes it, so every caller must pass the notes on.
 */
import type { Policy } from './policy.ts';

export interface LumpSum {
  months: number;
  /** 22 % × income × months before discounting or compounding. */
  undiscounted: number;
  /** What is due to the fund: discounted (advance) or compounded (back payment), rounded down. */
  amount: number;
  /** Support deducted (advance only; not discounted, as in agent software templates — unsure). */
  support: number;
  /** amount − support, what the person pays. */
  net: number;
  rMonthly: number;
}

function gross(incomeBase: number, policy: Policy): number {
  return (incomeBase * policy.contributionRateBp.value) / 10_000;
}

/** Method (đ): Σ_{i=1..n} TN × 22 % / (1 + r)^(i−1); support for the months still covered is subtracted. */
export function advancePayment(incomeBase: number, months: number, monthlySupport: number, policy: Policy, supportMonthsLeft = months): LumpSum {
  const n = Math.min(Math.max(0, Math.floor(months)), policy.advanceMaxMonths.value);
  const r = policy.fundReturnMonthly.value;
  const g = gross(incomeBase, policy);
  let sum = 0;
  for (let i = 1; i <= n; i++) sum += g / (1 + r) ** (i - 1);
  const amount = Math.floor(sum);
  const support = monthlySupport * Math.min(n, supportMonthsLeft);
  return { months: n, undiscounted: Math.floor(g * n), amount, support, net: Math.max(0, amount - support), rMonthly: r };
}

/**
 * Method (e): Σ_{i=1..t} TN × 22 % × (1 + r)^i, t ≤ 60 missing months. Whether state support applies under
 * D159 is unknown (policy.md §3.3), so none is deducted and the caller says so.
 */
export function backPayment(incomeBase: number, missingMonths: number, policy: Policy): LumpSum | undefined {
  const t = Math.floor(missingMonths);
  if (t <= 0 || t > policy.backPayMaxMissingMonths.value) return undefined;
  const r = policy.fundReturnMonthly.value;
  const g = gross(incomeBase, policy);
  let sum = 0;
  for (let i = 1; i <= t; i++) sum += g * (1 + r) ** i;
  const amount = Math.floor(sum);
  return { months: t, undiscounted: Math.floor(g * t), amount, support: 0, net: amount, rMonthly: r };
}
