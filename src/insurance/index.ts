/** Public API of the insurance module: the law as dated data and pure calculators. */
export { estimate, type EstimateResponse, type EstimateNote, type NoteCode, type PensionOption } from './estimate.ts';
export { estimateRequestSchema, parseEstimateRequest, type EstimateRequest, type EstimateInput, type InputProblem } from './schema.ts';
export { formatVnd, viDate } from './format.ts';
export { policyAt, upcomingChanges, floorAt, type Policy, type LocalTopUp, type LocalSocialPension, type UpcomingChange } from './policy.ts';
export { oneOffWithdrawal, survivorLumpSum, funeralAllowance, monthlyAllowance, supportReceivedEstimate, type ContributionSpan, type LumpSumAmount } from './lump-sums.ts';
export { computeContribution, clampIncome, type Contribution, type ContributionInput, type Adjustment } from './contribution.ts';
export { advancePayment, backPayment, type LumpSum } from './payments.ts';
export { retirementFor, retirementAgeMonths, retirementAgeInYear, retirementView, type Retirement } from './retirement.ts';
export { computePension, pensionRateBp, halfYearsForRate, adjustedAverageIncome, type Pension, type PensionInput } from './pension.ts';
export { benefitsAt, type Benefits } from './benefits.ts';
export { vietnamDate, monthOf, formatMonth, monthIndex } from './calendar.ts';
export { SUPPORT_GROUPS, PERIODS, type SupportGroup, type Period, type Sex, type Confidence, type Dated, type Cited } from './types.ts';
export { summarizeVi } from './summary.ts';
