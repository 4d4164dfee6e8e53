/**
 * `policyAt(date)`: the one lookup of every dated parameter. Everything else in the module receives a Policy and
 * never looks at the tables or a date itself, so a figure changes in one place (params.ts).
 */
import { AppError, ErrorCodes } from '../errors.ts';
import { localSocialPensions, localTopUps } from './local-support-data.ts';
import * as P from './params.ts';
import type { Bp, Cited, Dated, PensionRateRule, RetirementAgeRule, Sex, SocialPension, SupportGroup } from './types.ts';

export interface LocalTopUp extends Cited<Record<SupportGroup, Bp>> {
  province: string;
  nameVi: string;
}

export interface LocalSocialPension extends Cited<number> {
  province: string;
  nameVi: string;
}

/** A dated figure that changes soon after the policy date (the 2027 floor): what it becomes, from when. */
export interface UpcomingChange {
  parameter: 'rural_poverty_standard' | 'reference_level' | 'social_pension';
  from: string;
  before: number;
  after: number;
  confidence: Cited<unknown>['confidence'];
  basis: string;
  assumptionVi?: string | undefined;
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
  lumpSumPerYear: Cited<{ before2014Bp: Bp; from2014Bp: Bp; splitYear: number }>;
  transitionalRetirement: Cited<{ joinedBefore: string; minVoluntaryMonths: number; ageMonths: Record<Sex, number> }>;
  pensionIndexation: Cited<{ raiseBp: Bp; since: string }>;
  funeralMinMonths: Cited<number>;
  monthlyAllowance: Cited<{ potPerYearBp: Bp }>;
  withdrawalRule: Cited<{ contributedBefore: string; monthsOut: number; maxYears: number }>;
  minPensionRule: Cited<{ compulsoryYears: number; joinedBefore: string }>;
  /** Provincial top-ups in force on the date, by province code. */
  localTopUps: Record<string, LocalTopUp>;
  /** Provincial social-pension totals in force on the date, by province code. */
  localSocialPensions: Record<string, LocalSocialPension>;
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

/**
 * Policies already built, by date: every turn that quotes a figure asks for today's (and an estimate for the
 * dates of upcoming changes), and building one walks every table — the largest allocation of a first message in
 * the bench. Frozen, so a caller cannot change another's. Few distinct dates are ever asked; the map is emptied
 * if it ever holds more than `POLICY_CACHE_SIZE`.
 */
const built = new Map<string, Policy>();
const POLICY_CACHE_SIZE = 256;

/** Parameters in force on `date` (YYYY-MM-DD). Throws BHXH_POLICY_DATE_UNCOVERED outside the data's range. */
export function policyAt(date: string): Policy {
  let policy = built.get(date);
  if (!policy) {
    policy = buildPolicy(date);
    if (built.size >= POLICY_CACHE_SIZE) built.clear();
    built.set(date, policy);
  }
  return policy;
}

function buildPolicy(date: string): Policy {
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
  const social: Record<string, LocalSocialPension> = {};
  for (const [province, t] of Object.entries(localSocialPensions)) {
    const period = t.periods.find((d) => inForce(d, date));
    if (period) social[province] = { ...period, province, nameVi: t.nameVi };
  }
  Object.freeze(top);
  Object.freeze(social);
  return Object.freeze({
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
    lumpSumPerYear: pick('lump_sum_per_year', P.lumpSumPerYear, date),
    transitionalRetirement: pick('transitional_retirement', P.transitionalRetirement, date),
    pensionIndexation: pick('pension_indexation', P.pensionIndexation, date),
    funeralMinMonths: pick('funeral_min_months', P.funeralMinMonths, date),
    monthlyAllowance: pick('monthly_allowance', P.monthlyAllowance, date),
    withdrawalRule: pick('withdrawal_rule', P.withdrawalRule, date),
    minPensionRule: pick('min_pension_rule', P.minPensionRule, date),
    localTopUps: top,
    localSocialPensions: social,
    floor: ruralPovertyStandard.value,
    ceiling: ceilingMultiplier.value * referenceLevel.value,
  });
}

/** Adds `months` calendar months to a YYYY-MM-DD date (day kept, clamped to the month's length). */
function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const idx = y * 12 + (m - 1) + months;
  const year = Math.floor(idx / 12);
  const month = (idx % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/**
 * Dated changes of the figures a quote rests on that take effect after `date` and within `withinMonths` (the 2027
 * floor, seen from December 2026), so an answer can give both figures with the date and the confidence.
 */
export function upcomingChanges(date: string, withinMonths = 3): UpcomingChange[] {
  const until = addMonths(date, withinMonths);
  const series: Array<[UpcomingChange['parameter'], Dated<number>[]]> = [
    ['rural_poverty_standard', P.ruralPovertyStandard],
    ['reference_level', P.referenceLevel],
    ['social_pension', P.socialPension.map((d) => ({ ...d, value: d.value.amount }))],
  ];
  const out: UpcomingChange[] = [];
  for (const [parameter, list] of series) {
    const now = list.find((d) => inForce(d, date));
    const next = list.find((d) => d.from > date && d.from <= until);
    if (now && next && next.value !== now.value) {
      out.push({ parameter, from: next.from, before: now.value, after: next.value, confidence: next.confidence, basis: next.basis, assumptionVi: next.assumptionVi });
    }
  }
  return out;
}

/**
 * The income floor in force on the first day of a month (a month index), or the latest known one for months beyond
 * the data (2031+ keeps the 2027–2030 figure): future months of a pension projection are paid at least at it.
 */
export function floorAt(month: number): number | undefined {
  const date = `${String(Math.floor(month / 12)).padStart(4, '0')}-${String((month % 12) + 1).padStart(2, '0')}-01`;
  const hit = P.ruralPovertyStandard.find((d) => inForce(d, date)) ?? [...P.ruralPovertyStandard].reverse().find((d) => d.from <= date);
  return hit?.value;
}
