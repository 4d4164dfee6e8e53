import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEstimateRouter } from '../../src/http/estimate-route.ts';
import { describePolicyVectors, type PolicyVector } from './policy-vectors.ts';

/** Our vectors, each computed by hand from the rule it names (test/fixtures/README.md); ../shared's run in test/cross-check/. */
const vectors = JSON.parse(readFileSync(new URL('../fixtures/policy-vectors.json', import.meta.url), 'utf8')) as PolicyVector[];

let server: Server;
let base: string;
let today = '2026-11-21';

beforeAll(async () => {
  const app = express();
  app.use(createEstimateRouter({ today: () => today }));
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

async function post(body: unknown, raw?: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${base}/api/v1/estimate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: raw ?? JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describePolicyVectors('POST /api/v1/estimate — policy vectors (test/fixtures/policy-vectors.json)', vectors);

describe('POST /api/v1/estimate — input errors', () => {
  const ok = { income: 5_000_000, group: 'other', period: 1, asOf: '2026-11-21' };

  it.each([
    ['income', { ...ok, income: -1 }],
    ['income', { ...ok, income: '5tr' }],
    ['income', { group: 'other' }],
    ['group', { ...ok, group: 'rich' }],
    ['period', { ...ok, period: 2 }],
    ['asOf', { ...ok, asOf: '2026-02-30' }],
    ['asOf', { ...ok, asOf: '21/11/2026' }],
    ['sex', { ...ok, sex: 'x' }],
    ['birthDate', { ...ok, sex: 'male', birthDate: '1970-13' }],
    ['paidMonths', { ...ok, paidMonths: 1.5 }],
    ['province', { ...ok, province: 'Hà Nội' }],
    ['body', [1, 2]],
  ] as const)('400 naming %s', async (field, body) => {
    const { status, json } = await post(body);
    expect(status).toBe(400);
    const error = json.error as Record<string, string>;
    expect(error.code).toBe('BHXH_ESTIMATE_INPUT_INVALID');
    expect(error.field).toBe(field);
    expect(error.message_vi).toBeTruthy();
    expect(error.message_en).toContain(field === 'body' ? 'body' : field);
  });

  it('400 on a body that is not JSON', async () => {
    const { status, json } = await post(undefined, '{"income": ');
    expect(status).toBe(400);
    expect(json.error).toMatchObject({ code: 'BHXH_ESTIMATE_INPUT_INVALID', field: 'body' });
  });

  it('422 for a date before the 2024 law came into force', async () => {
    const { status, json } = await post({ ...ok, asOf: '2025-06-30' });
    expect(status).toBe(422);
    expect(json.error).toMatchObject({ code: 'BHXH_POLICY_DATE_UNCOVERED', field: 'asOf' });
  });
});

describe('POST /api/v1/estimate — today', () => {
  it('uses the injected today when asOf is absent', async () => {
    today = '2026-06-30';
    const before = await post({ income: 60_000_000 });
    today = '2026-07-01';
    const after = await post({ income: 60_000_000 });
    expect((before.json.policy as { asOf: string }).asOf).toBe('2026-06-30');
    expect((before.json.contribution as { ceiling: number }).ceiling).toBe(20 * 2_340_000);
    expect((after.json.contribution as { ceiling: number }).ceiling).toBe(20 * 2_530_000);
  });

  it('says the 2027 floor is an assumption, in Vietnamese', async () => {
    const { json } = await post({ income: 1_000_000, asOf: '2027-01-01' });
    expect((json.contribution as { floor: number }).floor).toBe(2_200_000);
    expect((json.notes as string[]).some((n) => n.includes('2.200.000 đ') && n.includes('giả định'))).toBe(true);
  });
});

describe('POST /api/v1/estimate — province data and the transitional rule (issue 12)', () => {
  const contribution = (json: Record<string, unknown>) => json.contribution as { monthlyNet: number; monthlyLocalSupport: number };

  it('Hà Nội at the floor: poor and near-poor pay 0, others 231.000 đ, with Hà Nội named', async () => {
    for (const [group, net] of [['poor', 0], ['near_poor', 0], ['other', 231_000]] as const) {
      const { status, json } = await post({ income: 1_500_000, group, province: '01', asOf: '2026-12-03' });
      expect(status).toBe(200);
      expect(contribution(json).monthlyNet).toBe(net);
      expect(json.localSupport).toMatchObject({ province: '01', nameVi: 'Hà Nội' });
    }
  });

  it('TP Hồ Chí Minh and Quảng Ninh top-ups, each with the note saying it is not verified', async () => {
    const hcm = await post({ income: 1_500_000, group: 'near_poor', province: '79', asOf: '2026-12-03' });
    expect(contribution(hcm.json)).toMatchObject({ monthlyLocalSupport: 82_500, monthlyNet: 330_000 - 132_000 - 82_500 });
    expect((hcm.json.notes as string[]).some((n) => n.includes('Hồ Chí Minh') && n.includes('chưa được đối chiếu'))).toBe(true);
    const qn = await post({ income: 1_500_000, group: 'other', province: '22', asOf: '2026-12-03' });
    expect(contribution(qn.json)).toMatchObject({ monthlyLocalSupport: 66_000, monthlyNet: 198_000 });
  });

  it('the transitional rule: joinedBefore2021 with 20 voluntary years gives the pension at 55', async () => {
    const body = { income: 3_000_000, sex: 'female', birthDate: '1975-06', paidMonths: 260, paidAverageIncome: 3_000_000, asOf: '2026-12-03' };
    const yes = await post({ ...body, joinedBefore2021: true });
    expect(yes.json.pension).toMatchObject({ rule: 'transitional', pensionStartsOn: '2030-07', eligible: true });
    const no = await post(body);
    expect(no.json.pension).toMatchObject({ rule: 'statutory', pensionStartsOn: '2035-07' });
    // The contract's retirement block keeps the statutory age either way.
    expect(yes.json.retirement).toMatchObject({ reachedOn: '2035-06' });
  });

  it('400 naming compulsoryMonths when it exceeds paidMonths', async () => {
    const { status, json } = await post({ income: 3_000_000, paidMonths: 10, compulsoryMonths: 20 });
    expect(status).toBe(400);
    expect((json.error as { field: string }).field).toBe('compulsoryMonths');
  });
});
