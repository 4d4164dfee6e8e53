/**
 * The law as data: every dated parameter of ../shared/domain/policy.md §9, with its legal basis and
 * confidence. Changing a figure (the 2027 floor, r, a new base salary) is an edit here, never in the formulas.
 * Coverage starts 2025-07-01, when Law 41/2024 came into force; earlier dates follow the old law and are refused.
 */
import type { Bp, Dated, PensionRateRule, RetirementAgeRule, Sex, SocialPension, SupportGroup } from './types.ts';

const LAW = 'Luật BHXH 41/2024/QH15';
const D159 = 'Nghị định 159/2025/NĐ-CP';
export const NEW_LAW_FROM = '2025-07-01';

export const contributionRateBp: Dated<Bp>[] = [
  { value: 2200, from: NEW_LAW_FROM, basis: `${LAW} Điều 32(2), 36(1)`, confidence: 'certain' },
];

/** Floor of the income base = rural poverty standard (Law Art. 31(2)). */
export const ruralPovertyStandard: Dated<number>[] = [
  {
    value: 1_500_000, from: '2022-01-01', to: '2026-12-31',
    basis: 'Nghị định 07/2021/NĐ-CP Điều 3; Nghị định 351/2025/NĐ-CP (kéo dài đến hết 2026); Luật BHXH 41/2024/QH15 Điều 31(2)',
    confidence: 'certain',
  },
  {
    value: 2_200_000, from: '2027-01-01', to: '2030-12-31',
    basis: 'Nghị định 351/2025/NĐ-CP (chuẩn nghèo nông thôn 2027–2030); Luật BHXH 41/2024/QH15 Điều 31(2)',
    confidence: 'likely',
    assumptionVi: 'Từ 01/01/2027 mức thu nhập thấp nhất được giả định là 2.200.000 đ (chuẩn nghèo nông thôn mới đã được Chính phủ công bố); BHXH Việt Nam chưa có văn bản xác nhận.',
  },
];

/** Reference level = base salary while it exists (Law Art. 141(13)); the ceiling is 20 × this. */
export const referenceLevel: Dated<number>[] = [
  { value: 2_340_000, from: '2024-07-01', to: '2026-06-30', basis: 'Nghị định 73/2024/NĐ-CP; Luật BHXH 41/2024/QH15 Điều 141(13)', confidence: 'certain' },
  {
    value: 2_530_000, from: '2026-07-01',
    basis: 'Nghị định 161/2026/NĐ-CP; Luật BHXH 41/2024/QH15 Điều 141(13)',
    confidence: 'likely',
    assumptionVi: 'Mức tham chiếu 2.530.000 đ từ 01/07/2026 lấy theo báo chí, chưa đối chiếu Công báo.',
  },
];

export const ceilingMultiplier: Dated<number>[] = [
  { value: 20, from: NEW_LAW_FROM, basis: `${LAW} Điều 31(2)`, confidence: 'certain' },
];

/** Central support as a share of 22 % × rural poverty standard; island communes share the poor rate. */
export const supportBp: Dated<Record<SupportGroup, Bp>>[] = [
  {
    value: { poor: 5000, island_zone: 5000, near_poor: 4000, ethnic_minority: 3000, other: 2000 },
    from: NEW_LAW_FROM, basis: `${LAW} Điều 36(1); ${D159} (mức hỗ trợ)`, confidence: 'certain',
  },
];

export const supportMaxMonths: Dated<number>[] = [
  {
    value: 120, from: NEW_LAW_FROM, basis: `${D159} (tối đa 10 năm)`, confidence: 'certain',
  },
];

export const advanceMaxMonths: Dated<number>[] = [
  { value: 60, from: NEW_LAW_FROM, basis: `${LAW} Điều 36(2)(đ); ${D159} Điều 6`, confidence: 'likely' },
];

export const backPayMaxMissingMonths: Dated<number>[] = [
  { value: 60, from: NEW_LAW_FROM, basis: `${LAW} Điều 36(2)(e); ${D159} Điều 7`, confidence: 'certain' },
];

/** r: average monthly return of the SI fund in the previous year; VSS has not published the 2026 value. */
export const fundReturnMonthly: Dated<number>[] = [
  {
    value: 0.00363, from: NEW_LAW_FROM, to: '2025-12-31', basis: `${D159} Điều 6–8 (lãi suất đầu tư quỹ năm trước)`,
    confidence: 'unsure',
    assumptionVi: 'Lãi suất đầu tư quỹ r = 0,363 %/tháng là số tạm tính theo phần mềm đại lý, BHXH chưa công bố.',
  },
  {
    value: 0.0031, from: '2026-01-01', basis: `${D159} Điều 6–8 (lãi suất đầu tư quỹ năm trước)`,
    confidence: 'unsure',
    assumptionVi: 'Lãi suất đầu tư quỹ r = 0,31 %/tháng là số tạm tính, BHXH chưa công bố số năm 2026.',
  },
];

export const minPensionMonths: Dated<number>[] = [
  { value: 180, from: NEW_LAW_FROM, basis: `${LAW} Điều 98, Điều 5(6)`, confidence: 'certain' },
];

export const pensionRate: Dated<PensionRateRule>[] = [
  {
    value: {
      female: { fromYears: 15, baseBp: 4500, stepBp: 200 },
      male: [
        { fromYears: 15, baseBp: 4000, stepBp: 100 },
        { fromYears: 20, baseBp: 4500, stepBp: 200 },
      ],
      capBp: 7500,
      lumpSumAboveYears: { female: 30, male: 35 },
      lumpSumPerYearBp: 5000,
    },
    from: NEW_LAW_FROM, basis: `${LAW} Điều 99(1), Điều 100, Điều 5(6)`, confidence: 'certain',
  },
];

export const retirementAge: Dated<RetirementAgeRule>[] = [
  {
    value: {
      firstYear: 2021,
      ageBeforeMonths: { male: 720, female: 660 },
      ageFirstYearMonths: { male: 723, female: 664 },
      stepMonthsPerYear: { male: 3, female: 4 },
      capMonths: { male: 744, female: 720 },
    },
    from: '2021-01-01', basis: 'Bộ luật Lao động 2019 Điều 169(2); Nghị định 135/2020/NĐ-CP Phụ lục I', confidence: 'certain',
  },
];

export const maternityAllowance: Dated<number>[] = [
  { value: 2_000_000, from: NEW_LAW_FROM, basis: `${LAW} Điều 94, 95(1)`, confidence: 'certain' },
];

export const funeralMultiplier: Dated<number>[] = [
  { value: 10, from: NEW_LAW_FROM, basis: `${LAW} Điều 109(2)`, confidence: 'certain' },
];

/** policy.md §5/§9: 500,000 is certain from 2025-07-01; whether it was raised with pensions on 2026-07-01 is unsure. */
export const socialPension: Dated<SocialPension>[] = [
  {
    value: { amount: 500_000, age: 75, agePoorOrNearPoor: 70 },
    from: NEW_LAW_FROM, to: '2026-06-30', basis: `${LAW} Điều 21; Nghị định 176/2025/NĐ-CP Điều 3`, confidence: 'certain',
  },
  {
    value: { amount: 500_000, age: 75, agePoorOrNearPoor: 70 },
    from: '2026-07-01', basis: `${LAW} Điều 21; Nghị định 176/2025/NĐ-CP Điều 3`, confidence: 'unsure',
    assumptionVi: 'Trợ cấp hưu trí xã hội tính theo mức 500.000 đ/tháng áp dụng từ 01/07/2025; chưa rõ mức này có được điều chỉnh từ 01/07/2026 hay không.',
  },
];

/** Adjustment coefficients by contribution year, per year the benefit is settled (D159 Art. 10). */
export const adjustmentCoefficients: Dated<Record<number, number>>[] = [
  {
    value: {
      2008: 2.21, 2009: 2.07, 2010: 1.9, 2011: 1.6, 2012: 1.47, 2013: 1.37, 2014: 1.32, 2015: 1.31, 2016: 1.28,
      2017: 1.23, 2018: 1.19, 2019: 1.16, 2020: 1.12, 2021: 1.1, 2022: 1.07, 2023: 1.04, 2024: 1, 2025: 1,
    },
    from: NEW_LAW_FROM, to: '2025-12-31', basis: 'Thông tư 01/2025/TT-BLĐTBXH; Nghị định 159/2025/NĐ-CP Điều 10', confidence: 'likely',
  },
  {
    value: {
      2008: 2.29, 2009: 2.14, 2010: 1.96, 2011: 1.65, 2012: 1.51, 2013: 1.42, 2014: 1.36, 2015: 1.36, 2016: 1.32,
      2017: 1.28, 2018: 1.23, 2019: 1.2, 2020: 1.16, 2021: 1.14, 2022: 1.11, 2023: 1.07, 2024: 1.03, 2025: 1, 2026: 1,
    },
    from: '2026-01-01', to: '2026-12-31', basis: 'Công văn 340/BHXH-CSXH ngày 03/02/2026; Nghị định 159/2025/NĐ-CP Điều 10', confidence: 'likely',
  },
  {
    // The 2027 table is issued around January 2027; until then coefficient 1 (nominal) is the stated assumption.
    value: {}, from: '2027-01-01', basis: 'Nghị định 159/2025/NĐ-CP Điều 10 (bảng hệ số chưa ban hành)', confidence: 'unsure',
    assumptionVi: 'Bảng hệ số trượt giá năm 2027 trở đi chưa ban hành: tạm tính hệ số 1.',
  },
];

/** One-off withdrawal (Art. 102(2)) and survivor lump sum (Art. 110(2)): months of Mbq per year paid, by period. */
export const lumpSumPerYear: Dated<{ before2014Bp: Bp; from2014Bp: Bp; splitYear: number }>[] = [
  {
    value: { before2014Bp: 15_000, from2014Bp: 20_000, splitYear: 2014 },
    from: NEW_LAW_FROM, basis: `${LAW} Điều 102(2), Điều 110(2); ${D159} Điều 9`, confidence: 'certain',
  },
];

/**
 * Transitional rule (Law Art. 141(9); D159 Art. 13): joined voluntary SI before `joinedBefore` with at least
 * `minVoluntaryMonths` of voluntary contributions → pension at the old ages (60 men / 55 women).
 */
export const transitionalRetirement: Dated<{ joinedBefore: string; minVoluntaryMonths: number; ageMonths: Record<Sex, number> }>[] = [
  {
    value: { joinedBefore: '2021-01-01', minVoluntaryMonths: 240, ageMonths: { male: 720, female: 660 } },
    from: NEW_LAW_FROM, basis: `${LAW} Điều 141(9); ${D159} Điều 13`, confidence: 'certain',
  },
];

/**
 * Pension increases decided by the Government (Law Art. 67, 99(2)). Only the latest known rise is kept; the
 * 2026 decree number was not found (policy.md §4.7).
 */
export const pensionIndexation: Dated<{ raiseBp: Bp; since: string }>[] = [
  {
    value: { raiseBp: 1500, since: '2024-07-01' }, from: '2024-07-01', to: '2026-06-30',
    basis: 'Nghị định 75/2024/NĐ-CP (điều chỉnh lương hưu từ 01/07/2024)', confidence: 'certain',
  },
  {
    value: { raiseBp: 800, since: '2026-07-01' }, from: '2026-07-01',
    basis: 'Nghị định của Chính phủ điều chỉnh lương hưu từ 01/07/2026 (số hiệu chưa tìm thấy)', confidence: 'likely',
    assumptionVi: 'Mức tăng lương hưu 8 % từ 01/07/2026 lấy theo báo chí, chưa thấy số hiệu nghị định.',
  },
];

/** Funeral allowance needs this many months of contributions (or a pension) (Art. 109(1)). */
export const funeralMinMonths: Dated<number>[] = [
  { value: 60, from: NEW_LAW_FROM, basis: `${LAW} Điều 109(1)`, confidence: 'certain' },
];

/** Monthly allowance for those short of 15 years (Art. 23; D159 Art. 14): pot = 2 × Mbq per year paid. */
export const monthlyAllowance: Dated<{ potPerYearBp: Bp }>[] = [
  {
    value: { potPerYearBp: 20_000 }, from: NEW_LAW_FROM, basis: `${LAW} Điều 23; ${D159} Điều 14`, confidence: 'likely',
    assumptionVi: 'Trợ cấp hằng tháng tính theo công thức báo chí tóm tắt: số tiền bằng 2 tháng thu nhập bình quân cho mỗi năm đã đóng, chia đều đến tuổi hưởng trợ cấp hưu trí xã hội, không thấp hơn mức trợ cấp hưu trí xã hội.',
  },
];

/**
 * One-off withdrawal for those who paid before the new law (Art. 102(1)(đ)): contributions made before
 * `contributedBefore`, `monthsOut` months without paying, and fewer than `maxYears` years in total.
 */
export const withdrawalRule: Dated<{ contributedBefore: string; monthsOut: number; maxYears: number }>[] = [
  { value: { contributedBefore: NEW_LAW_FROM, monthsOut: 12, maxYears: 20 }, from: NEW_LAW_FROM, basis: `${LAW} Điều 102(1)(đ)`, confidence: 'certain' },
];

/** The reference-level pension floor is for compulsory members only (Art. 141(11)); voluntary pensions have none. */
export const minPensionRule: Dated<{ compulsoryYears: number; joinedBefore: string }>[] = [
  { value: { compulsoryYears: 20, joinedBefore: NEW_LAW_FROM }, from: NEW_LAW_FROM, basis: `${LAW} Điều 141(11)`, confidence: 'certain' },
];
