import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEstimateRouter } from '../../src/http/estimate-route.ts';

/** One worked example: a request to POST /api/v1/estimate, the part of the answer it must contain, and why (its source). */
export interface PolicyVector {
  id: string;
  why: string;
  request: Record<string, unknown>;
  expect: Record<string, unknown>;
}

/** A describe block that posts every vector to the estimate route on a local server and checks the answer. */
export function describePolicyVectors(title: string, vectors: PolicyVector[]): void {
  describe(title, () => {
    let server: Server;
    let base: string;
    beforeAll(async () => {
      const app = express();
      app.use(createEstimateRouter({ today: () => '2026-11-21' }));
      server = await new Promise<Server>((resolve) => {
        const s = app.listen(0, '127.0.0.1', () => resolve(s));
      });
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      await new Promise((resolve) => server.close(resolve));
    });

    it('has vectors', () => {
      expect(vectors.length).toBeGreaterThan(0);
    });

    it.each(vectors.map((v) => [v.id, v] as const))('%s', async (_id, v) => {
      const res = await fetch(`${base}/api/v1/estimate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(v.request) });
      const json = (await res.json()) as Record<string, unknown>;
      expect(res.status, v.why).toBe(200);
      expect(json, v.why).toMatchObject(v.expect);
      const policy = json.policy as { asOf: string; sources: string[] };
      expect(policy.asOf).toBe(v.request.asOf);
      expect(policy.sources.length).toBeGreaterThan(0);
    });
  });
}
