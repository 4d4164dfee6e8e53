/**
 * Statutory retirement age (Labour Code 2019 Art. 169(2), Decree 135/2020 Appendix I). The age that applies is
 * the one of the calendar year in which the person reaches it, which is why birth months fall into blocks
 * (9 months for men, 8 for women). The pension starts the month after (Law Art. 101).
 */
import { formatMonth, type MonthIndex, yearOf } from './calendar.ts';
import type { RetirementAgeRule, Sex } from './types.ts';

export interface Retirement {
  ageMonths: number;
  age: { years: number; months: number };
  reachedOn: MonthIndex;
  pensionFrom: MonthIndex;
}

export function retirementAgeMonths(sex: Sex, birth: MonthIndex, rule: RetirementAgeRule): number {
  const before = rule.ageBeforeMonths[sex];
  if (yearOf(birth + before) < rule.firstYear) return before;
  const cap = rule.capMonths[sex];
  for (let k = 0; ; k++) {
    const age = Math.min(rule.ageFirstYearMonths[sex] + k * rule.stepMonthsPerYear[sex], cap);
    if (age === cap || yearOf(birth + age) === rule.firstYear + k) return age;
  }
}

export function retirementFor(sex: Sex, birth: MonthIndex, rule: RetirementAgeRule): Retirement {
  const ageMonths = retirementAgeMonths(sex, birth, rule);
  const reachedOn = birth + ageMonths;
  return {
    ageMonths,
    age: { years: Math.floor(ageMonths / 12), months: ageMonths % 12 },
    reachedOn,
    pensionFrom: reachedOn + 1,
  };
}

/** The response form: months as YYYY-MM. */
export function retirementView(r: Retirement): { age: { years: number; months: number }; reachedOn: string; pensionFrom: string } {
  return { age: r.age, reachedOn: formatMonth(r.reachedOn), pensionFrom: formatMonth(r.pensionFrom) };
}

/** The statutory age (in months) for people reaching it in calendar `year` (the "năm 2026: nam 61 tuổi 6 tháng" of texts). */
export function retirementAgeInYear(sex: Sex, year: number, rule: RetirementAgeRule): number {
  if (year < rule.firstYear) return rule.ageBeforeMonths[sex];
  return Math.min(rule.ageFirstYearMonths[sex] + (year - rule.firstYear) * rule.stepMonthsPerYear[sex], rule.capMonths[sex]);
}
