/** One-off and other benefits the bot can quote (policy.md §5): amounts follow from the dated parameters. */
import type { Policy } from './policy.ts';
import type { Confidence } from './types.ts';

export interface Benefits {
  /** Per child born, with ≥ 6 months of voluntary contributions in the 12 months before (Law Art. 94–95). */
  maternityPerChild: number;
  /** 10 × reference level in the month of death, ≥ 60 months of contributions or a pensioner (Art. 109). */
  funeral: number;
  funeralConfidence: Confidence;
  /** Social pension for those without a pension or monthly allowance (Art. 21). */
  socialPension: { amount: number; age: number; agePoorOrNearPoor: number };
}

export function benefitsAt(policy: Policy): Benefits {
  return {
    maternityPerChild: policy.maternityAllowance.value,
    funeral: policy.funeralMultiplier.value * policy.referenceLevel.value,
    // The multiplier is certain; the amount is as sure as the reference level it multiplies.
    funeralConfidence: policy.referenceLevel.confidence,
    socialPension: { ...policy.socialPension.value },
  };
}
