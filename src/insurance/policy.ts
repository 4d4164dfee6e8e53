/**
 * `policyAt(date)`: the one lookup of every dated parameter. Everything else in the module receives a Policy and
 * never looks at the tables or a date itself, so a figure changes in one place (params.ts).
 */
import { AppError, ErrorCodes } from '../errors.ts';
import { localTopUps } from './local-support-data.ts';
import * as P from './params.ts';
import type { Bp, Cited, Dated, PensionRateRule, RetirementAgeRule, SocialPension, SupportGroup } from './types.ts';

export interface LocalTopUp extends Cited<Record<SupportGroup, Bp>> {
  province: string;
  nameVi: string;
}

export interface Policy {
  date: string;
  contributionRateBp: Cited<Bp>;
  /** Income floor = rural poverty standard; also the base of every support amount. */
  ruralPovertyStandard: Cited<number>;
  referenceLevel: Cited<number>;
  ceilingMultiplier: Cited<number>;
  supportBp: Cited<Record<SupportGroup, Bp>>;
  supportMaxMonths: Cited<number>;
  advanceMaxMonths: Cited<number>;
  backPayMaxMissingMonths: Cited<number>;
  fundReturnMonthly: Cited<number>;
  minPensionMonths: Cited<number>;
  pensionRate: Cited<PensionRateRule>;
  retirementAge: Cited<RetirementAgeRule>;
  maternityAllowance: Cited<number>;
  funeralMultiplier: Cited<number>;
  socialPension: Cited<SocialPension>;
  adjustmentCoefficients: Cited<Record<number, number>>;
  /** Provincial top-ups in force on the date, by province code. */
  localTopUps: Record<string, LocalTopUp>;
  /** Derived: floor and ceiling of the income base. */
  floor: number;
  ceiling: number;
}

const inForce = <T>(d: Dated<T>, date: string): boolean => d.from <= date && (d.to === undefined || date <= d.to);

function pick<T>(name: string, series: Dated<T>[], date: string): Cited<T> {
  const hit = series.find((d) => inForce(d, date));
  if (!hit) {
    throw new AppError(ErrorCodes.POLICY_DATE_UNCOVERED, `no ${name} in force on ${date}`, { details: { parameter: name, date } });
  }
  return hit;
}

/** Parameters in force on `date` (YYYY-MM-DD). Throws BHXH_POLICY_DATE_UNCOVERED outside the data's range. */
export function policyAt(date: string): Policy {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
    throw new AppError(ErrorCodes.POLICY_DATE_UNCOVERED, `not a YYYY-MM-DD date: ${date}`, { details: { date } });
  }
  const ruralPovertyStandard = pick('rural_poverty_standard', P.ruralPovertyStandard, date);
  const referenceLevel = pick('reference_level', P.referenceLevel, date);
  const ceilingMultiplier = pick('ceiling_multiplier', P.ceilingMultiplier, date);
  const top: Record<string, LocalTopUp> = {};
  for (const [province, t] of Object.entries(localTopUps)) {
    const period = t.periods.find((d) => inForce(d, date));
    if (period) top[province] = { ...period, province, nameVi: t.nameVi };
  }
  return {
    date,
    contributionRateBp: pick('contribution_rate', P.contributionRateBp, date),
    ruralPovertyStandard,
    referenceLevel,
    ceilingMultiplier,
    supportBp: pick('support_pct', P.supportBp, date),
    supportMaxMonths: pick('support_max_months', P.supportMaxMonths, date),
    advanceMaxMonths: pick('advance_max_months', P.advanceMaxMonths, date),
    backPayMaxMissingMonths: pick('backpay_max_missing_months', P.backPayMaxMissingMonths, date),
    fundReturnMonthly: pick('fund_return_monthly', P.fundReturnMonthly, date),
    minPensionMonths: pick('min_pension_months', P.minPensionMonths, date),
    pensionRate: pick('pension_rate', P.pensionRate, date),
    retirementAge: pick('retirement_age', P.retirementAge, date),
    maternityAllowance: pick('maternity_allowance', P.maternityAllowance, date),
    funeralMultiplier: pick('funeral_multiplier', P.funeralMultiplier, date),
    socialPension: pick('social_pension', P.socialPension, date),
    adjustmentCoefficients: pick('adjustment_coefficients', P.adjustmentCoefficients, date),
    localTopUps: top,
    floor: ruralPovertyStandard.value,
    ceiling: ceilingMultiplier.value * referenceLevel.value,
  };
}
