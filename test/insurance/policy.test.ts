import { describe, expect, it } from 'vitest';
import { isAppError } from '../../src/errors.ts';
import { policyAt, upcomingChanges, type Policy } from '../../src/insurance/index.ts';

/** Every field of a Policy that is a cited, dated parameter. */
function cited(p: Policy) {
  return Object.entries(p).filter(([, v]) => typeof v === 'object' && v !== null && 'basis' in v) as Array<
    [string, { basis: string; confidence: string; from: string; assumptionVi?: string }]
  >;
}

describe('policyAt', () => {
  it('ceiling is 20 × 2,340,000 on 2026-06-30 and 20 × 2,530,000 on 2026-07-01 (Decree 73/2024 → 161/2026)', () => {
    expect(policyAt('2026-06-30').ceiling).toBe(46_800_000);
    expect(policyAt('2026-07-01').ceiling).toBe(50_600_000);
    expect(policyAt('2026-07-01').referenceLevel.confidence).toBe('likely');
  });

  it('floor is 1,500,000 through 2026-12-31 and 2,200,000 (likely, with a Vietnamese assumption) from 2027-01-01', () => {
    expect(policyAt('2026-12-31').floor).toBe(1_500_000);
    expect(policyAt('2026-12-31').ruralPovertyStandard.confidence).toBe('certain');
    const p2027 = policyAt('2027-01-01');
    expect(p2027.floor).toBe(2_200_000);
    expect(p2027.ruralPovertyStandard.confidence).toBe('likely');
    expect(p2027.ruralPovertyStandard.assumptionVi).toMatch(/2\.200\.000/);
  });

  it('support percentages are 50/50/40/30/20 % on 22 % × the floor', () => {
    const p = policyAt('2026-11-21');
    expect(p.contributionRateBp.value).toBe(2200);
    expect(p.supportBp.value).toEqual({ poor: 5000, island_zone: 5000, near_poor: 4000, ethnic_minority: 3000, other: 2000 });
    expect(p.supportMaxMonths.value).toBe(120);
  });

  it('r is the 0.31 %/month placeholder in 2026, flagged unsure', () => {
    const r = policyAt('2026-11-21').fundReturnMonthly;
    expect(r.value).toBeCloseTo(0.0031, 10);
    expect(r.confidence).toBe('unsure');
    expect(r.assumptionVi).toBeTruthy();
  });

  it('provincial top-ups: Quảng Ninh 2023–2027; Hà Nội, Khánh Hòa and TP Hồ Chí Minh from 2026', () => {
    expect(Object.keys(policyAt('2025-12-31').localTopUps)).toEqual(['22']);
    const p = policyAt('2026-01-01');
    expect(p.localTopUps['01']?.value.near_poor).toBe(6000);
    expect(p.localTopUps['56']?.value.ethnic_minority).toBe(1500);
    expect(p.localTopUps['79']?.value).toMatchObject({ poor: 3000, near_poor: 2500, other: 0 });
    expect(p.localTopUps['22']?.value).toMatchObject({ poor: 3000, near_poor: 3000, other: 2000 });
    expect(Object.keys(policyAt('2028-01-01').localTopUps)).not.toContain('22');
  });

  it('every local figure is cited, and one not read in its resolution says so to the user', () => {
    const p = policyAt('2026-12-03');
    for (const x of [...Object.values(p.localTopUps), ...Object.values(p.localSocialPensions)]) {
      expect(x.basis.length).toBeGreaterThan(10);
      if (x.confidence !== 'certain') expect(x.assumptionVi).toBeTruthy();
    }
    expect(p.localTopUps['79']?.confidence).toBe('unsure');
    expect(p.localTopUps['22']?.assumptionVi).toContain('chưa được đối chiếu');
  });

  it('local social pension totals: Hà Nội 650.000 from 2026, Quảng Ninh and Hải Phòng 700.000', () => {
    expect(policyAt('2025-12-31').localSocialPensions['01']).toBeUndefined();
    const p = policyAt('2026-12-03');
    expect([p.localSocialPensions['01']?.value, p.localSocialPensions['22']?.value, p.localSocialPensions['31']?.value]).toEqual([650_000, 700_000, 700_000]);
  });

  it('upcoming changes: the 2027 floor seen from December 2026 (likely), not from September', () => {
    expect(upcomingChanges('2026-12-03')).toEqual([
      expect.objectContaining({ parameter: 'rural_poverty_standard', from: '2027-01-01', before: 1_500_000, after: 2_200_000, confidence: 'likely' }),
    ]);
    expect(upcomingChanges('2026-09-30')).toEqual([]);
    expect(upcomingChanges('2027-01-01')).toEqual([]);
  });

  it('funeral multiplier 10, maternity 2,000,000, social pension 500,000 from 75', () => {
    const p = policyAt('2026-11-21');
    expect(p.funeralMultiplier.value * p.referenceLevel.value).toBe(25_300_000);
    expect(p.maternityAllowance.value).toBe(2_000_000);
    expect(p.socialPension.value).toEqual({ amount: 500_000, age: 75, agePoorOrNearPoor: 70 });
  });

  it.each(['2025-07-01', '2026-06-30', '2026-07-01', '2027-01-01', '2030-12-31'])('every parameter on %s has a basis and a confidence', (d) => {
    const entries = cited(policyAt(d));
    expect(entries.length).toBeGreaterThanOrEqual(15);
    for (const [name, v] of entries) {
      expect(v.basis.length, name).toBeGreaterThan(5);
      expect(['certain', 'likely', 'unsure'], name).toContain(v.confidence);
      expect(v.from <= d, name).toBe(true);
      if (v.confidence === 'unsure' && name !== 'adjustmentCoefficients') expect(v.assumptionVi, name).toBeTruthy();
    }
  });

  it.each(['2025-06-30', '2031-01-01', '2026-7-1'])('refuses %s with BHXH_POLICY_DATE_UNCOVERED', (d) => {
    let caught: unknown;
    try {
      policyAt(d);
    } catch (err) {
      caught = err;
    }
    expect(isAppError(caught, 'BHXH_POLICY_DATE_UNCOVERED')).toBe(true);
  });
});
