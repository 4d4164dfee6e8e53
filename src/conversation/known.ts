/**
 * Details said anywhere in a message, as session variables (the nlu/entities/calc contract: birth, sex,
 * paid_months, compulsory_months, past_salary, income, contribution_target, group, province_code, ward_code, phone),
 * and the one line that shows them back ("nam, sinh 03/1966, đã đóng 9 năm"). Only what the user said: an income
 * per day or per season is kept as said (`income_said`, `income_period`) for the flow to ask the month, never guessed.
 */
import type { Details } from '../language/index.ts';
import { formatVnd } from '../insurance/format.ts';
import type { Translate } from '../i18n.ts';

export type Vars = Record<string, unknown>;

/** The variables `_known` may hold: said in a message, answered at a step or confirmed. */
export const KNOWN_VAR = '_known';

/** Session variables from a message's details. `phone` only inside the lead flow, where the user consented. */
export function detailVars(d: Details, now: Date, flow: string | undefined): Vars {
  const v: Vars = {};
  if (d.birth) {
    const year = d.birth.startsWith('AGE:') ? now.getUTCFullYear() - Number(d.birth.slice(4)) : Number(d.birth.slice(0, 4));
    const age = now.getUTCFullYear() - year;
    // The same bounds and precision as the birth step (year, or year-month).
    if (age >= 15 && age <= 100) v.birth = d.birth.startsWith('AGE:') ? String(year) : d.birth.slice(0, 7);
  }
  if (d.sex) v.sex = d.sex;
  if (d.paidMonths !== undefined && d.paidMonths <= 600) v.paid_months = d.paidMonths;
  if (d.compulsoryMonths !== undefined) v.compulsory_months = d.compulsoryMonths;
  if (d.pastSalaryVnd !== undefined) v.past_salary = d.pastSalaryVnd;
  if (typeof d.incomeVnd === 'number' && d.incomeVnd > 0) {
    if (d.incomePeriod === undefined || d.incomePeriod === 'month') v.income = d.incomeVnd;
    else if (d.incomePeriod === 'year') v.income = Math.round(d.incomeVnd / 12);
    else {
      v.income_said = d.incomeVnd;
      v.income_period = d.incomePeriod;
    }
  }
  if (d.contributionVnd !== undefined) v.contribution_target = d.contributionVnd;
  if (d.group) v.group = d.group;
  if (d.provinceCode) v.province_code = d.provinceCode;
  if (d.wardCode) v.ward_code = d.wardCode;
  if (d.phone && flow === 'lead') v.phone = d.phone;
  return v;
}

const pad = (n: string) => n.padStart(2, '0');

function span(t: Translate, months: number): string {
  return months % 12 === 0 ? t('common.years', { years: months / 12 }) : t('common.years_months', { years: Math.floor(months / 12), months: months % 12 });
}

/** One phrase per known variable (`nam`, `sinh 03/1966`, `đã đóng 9 năm`), joined by commas. */
export function knownLine(vars: Vars, names: readonly string[], t: Translate): string {
  const parts: string[] = [];
  for (const name of names) {
    const v = vars[name];
    if (v === undefined || v === null) continue;
    switch (name) {
      case 'sex':
        parts.push(t(v === 'female' ? 'known.female' : 'known.male'));
        break;
      case 'birth': {
        const [y = '', m, d] = String(v).split('-');
        parts.push(d ? t('known.birth_day', { day: pad(d), month: pad(m ?? ''), year: y }) : m ? t('known.birth_month', { month: pad(m), year: y }) : t('known.birth_year', { year: y }));
        break;
      }
      case 'paid_months': {
        const n = Number(v);
        const compulsory = Number(vars.compulsory_months ?? 0);
        if (n === 0) parts.push(t('known.paid_none'));
        else if (compulsory >= n) parts.push(t('known.paid_all_compulsory', { span: span(t, n) }));
        else if (compulsory > 0) parts.push(t('known.paid_compulsory', { span: span(t, n), compulsory: span(t, compulsory) }));
        else parts.push(t('known.paid', { span: span(t, n) }));
        break;
      }
      case 'income':
        parts.push(t('known.income', { amount: formatVnd(Number(v)) }));
        break;
      case 'contribution_target':
        parts.push(t('known.contribution', { amount: formatVnd(Number(v)) }));
        break;
      case 'past_salary':
        parts.push(t('known.past_salary', { amount: formatVnd(Number(v)) }));
        break;
      case 'group':
        parts.push(t(`known.group_${String(v)}`));
        break;
      default:
        break;
    }
  }
  return parts.join(', ');
}

/** The variables already shown back to the user in a `noted` or confirm line (not changed since). */
export const SHOWN_VAR = '_shown';

function nameSet(vars: Vars, key: string): Set<string> {
  const k = vars[key];
  return new Set(Array.isArray(k) ? k.filter((x): x is string => typeof x === 'string') : []);
}

export const knownSet = (vars: Vars): Set<string> => nameSet(vars, KNOWN_VAR);
export const shownSet = (vars: Vars): Set<string> => nameSet(vars, SHOWN_VAR);
