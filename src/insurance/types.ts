/** Shared vocabulary of the insurance module: plain data only, no behaviour. */

export const SUPPORT_GROUPS = ['poor', 'near_poor', 'ethnic_minority', 'island_zone', 'other'] as const;
export type SupportGroup = (typeof SUPPORT_GROUPS)[number];

/** Payment methods (a)–(d) of Law 41/2024 Art. 36(2): every 1, 3, 6 or 12 months. */
export const PERIODS = [1, 3, 6, 12] as const;
export type Period = (typeof PERIODS)[number];

export type Sex = 'male' | 'female';

/** How sure policy.md is of a figure; anything but `certain` is shown to the user as an assumption. */
export type Confidence = 'certain' | 'likely' | 'unsure';

/** A value in force over a date range, with the legal text it comes from. Dates are YYYY-MM-DD, inclusive. */
export interface Dated<T> {
  value: T;
  from: string;
  /** Last day in force; absent = still in force. */
  to?: string;
  basis: string;
  confidence: Confidence;
  /** Vietnamese sentence shown to users when the figure is not certain: names the assumption. */
  assumptionVi?: string;
}

/** A value picked for one date: the same facts without the range bookkeeping being optional. */
export type Cited<T> = Dated<T>;

/** Rates are kept in basis points (1 % = 100 bp) so money arithmetic stays in integers. */
export type Bp = number;

export interface PensionRateRule {
  female: { fromYears: number; baseBp: Bp; stepBp: Bp };
  /** Tiers in ascending `fromYears`; the highest tier not above the years served applies. */
  male: Array<{ fromYears: number; baseBp: Bp; stepBp: Bp }>;
  capBp: Bp;
  /** Years above which each extra year earns a lump sum at retirement (Art. 100). */
  lumpSumAboveYears: Record<Sex, number>;
  /** Share of the average income paid once per year above the threshold (0.5 × Mbq). */
  lumpSumPerYearBp: Bp;
}

/** Decree 135/2020 schedule: age in months, rising each calendar year from 2021 until the cap. */
export interface RetirementAgeRule {
  firstYear: number;
  ageBeforeMonths: Record<Sex, number>;
  ageFirstYearMonths: Record<Sex, number>;
  stepMonthsPerYear: Record<Sex, number>;
  capMonths: Record<Sex, number>;
}

export interface SocialPension {
  amount: number;
  age: number;
  agePoorOrNearPoor: number;
}
