/**
 * Today's policy figures for any text (`{{p_floor}}`, `{{p_min_years}}`, `{{p_ret_age_male}}`…), so explanations
 * follow the law's dates without editing texts: no policy figure or year is ever typed into a locale text
 * (test/conversation/locale-figures.test.ts checks it). Memoised per Vietnam date.
 */
import type { Translate } from '../i18n.ts';
import { computeContribution, formatVnd, policyAt, retirementAgeInYear, upcomingChanges, viDate, vietnamDate, type Policy, type SupportGroup } from '../insurance/index.ts';

/** `4050` bp → `40,5 %` (vi-VN decimal comma). */
export const percent = (bp: number): string => `${String(bp / 100).replace('.', ',')} %`;

/** `738` months → `61 tuổi 6 tháng` through the given texts. */
export function ageText(t: Translate, months: number): string {
  const years = Math.floor(months / 12);
  const rest = months % 12;
  return rest === 0 ? t('common.age', { years }) : t('common.age_months', { years, months: rest });
}

function safePolicy(date: string): Policy | undefined {
  try {
    return policyAt(date);
  } catch {
    return undefined;
  }
}

const cache = new Map<string, Record<string, string>>();

function build(asOf: string, t: Translate | undefined): Record<string, string> {
  const p = safePolicy(asOf);
  if (!p) return {};
  const floor = (group: SupportGroup) => computeContribution({ income: 0, group, period: 1 }, p);
  const other = floor('other');
  const year = Number(asOf.slice(0, 4));
  const ret = p.retirementAge.value;
  const rate = p.pensionRate.value;
  const male20 = rate.male.find((x) => x.fromYears > rate.male[0]!.fromYears) ?? rate.male[0]!;
  const trans = p.transitionalRetirement.value;
  const lump = p.lumpSumPerYear.value;
  const w = p.withdrawalRule.value;
  const next = upcomingChanges(asOf).find((u) => u.parameter === 'rural_poverty_standard');
  const out: Record<string, string> = {
    p_today: viDate(asOf),
    p_rate: percent(p.contributionRateBp.value),
    p_floor: formatVnd(p.floor),
    p_ceiling: formatVnd(p.ceiling),
    p_ceiling_multiplier: String(p.ceilingMultiplier.value),
    p_ref_level: formatVnd(p.referenceLevel.value),
    p_min_gross: formatVnd(other.monthlyGross),
    p_min_net: formatVnd(other.monthlyNet),
    p_support_poor: formatVnd(floor('poor').monthlySupport),
    p_support_near_poor: formatVnd(floor('near_poor').monthlySupport),
    p_support_ethnic: formatVnd(floor('ethnic_minority').monthlySupport),
    p_support_other: formatVnd(other.monthlySupport),
    p_support_years: String(p.supportMaxMonths.value / 12),
    p_maternity: formatVnd(p.maternityAllowance.value),
    p_funeral: formatVnd(p.funeralMultiplier.value * p.referenceLevel.value),
    p_funeral_months: String(p.funeralMinMonths.value),
    p_social: formatVnd(p.socialPension.value.amount),
    p_social_age: String(p.socialPension.value.age),
    p_social_age_poor: String(p.socialPension.value.agePoorOrNearPoor),
    p_min_years: String(p.minPensionMonths.value / 12),
    p_backpay_years: String(p.backPayMaxMissingMonths.value / 12),
    p_advance_years: String(p.advanceMaxMonths.value / 12),
    p_rate_female: percent(rate.female.baseBp),
    p_rate_male: percent(rate.male[0]!.baseBp),
    p_rate_male_years: String(male20.fromYears),
    p_rate_male_20: percent(male20.baseBp),
    p_rate_cap: percent(rate.capBp),
    p_ret_year: String(year),
    p_ret_age_male: t ? ageText(t, retirementAgeInYear('male', year, ret)) : '',
    p_ret_age_female: t ? ageText(t, retirementAgeInYear('female', year, ret)) : '',
    p_ret_step_male: String(ret.stepMonthsPerYear.male),
    p_ret_step_female: String(ret.stepMonthsPerYear.female),
    p_ret_cap_male: String(ret.capMonths.male / 12),
    p_ret_cap_female: String(ret.capMonths.female / 12),
    p_trans_before: viDate(trans.joinedBefore),
    p_trans_years: String(trans.minVoluntaryMonths / 12),
    p_trans_age_male: String(trans.ageMonths.male / 12),
    p_trans_age_female: String(trans.ageMonths.female / 12),
    p_law_from: viDate(p.minPensionMonths.from),
    p_split_year: String(lump.splitYear),
    p_lump_before: String(lump.before2014Bp / 10_000).replace('.', ','),
    p_lump_from: String(lump.from2014Bp / 10_000).replace('.', ','),
    p_withdraw_before: viDate(w.contributedBefore),
    p_withdraw_months_out: String(w.monthsOut),
    p_withdraw_max_years: String(w.maxYears),
    p_min_pension_years: String(p.minPensionRule.value.compulsoryYears),
    p_min_pension_before: viDate(p.minPensionRule.value.joinedBefore),
    p_local_provinces: Object.values(p.localTopUps).sort((a, b) => a.province.localeCompare(b.province)).map((x) => x.nameVi).join(', '),
    p_pension_raise: percent(p.pensionIndexation.value.raiseBp),
    p_pension_raise_from: viDate(p.pensionIndexation.value.since),
    p_floor_change: next && t
      ? t(next.confidence === 'certain' ? 'policy.floor_change' : 'policy.floor_change_likely', { date: viDate(next.from), floor: formatVnd(next.after) })
      : '',
  };
  return out;
}

export function policyVars(now: Date, t?: Translate): Record<string, string> {
  const asOf = vietnamDate(now);
  const key = `${asOf}:${t ? 't' : ''}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const out = build(asOf, t);
  if (cache.size > 50) cache.clear();
  cache.set(key, out);
  return out;
}
