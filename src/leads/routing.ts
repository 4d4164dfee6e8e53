import type { LeadDraft } from '../conversation/types.ts';
import type { CommunePoints } from './commune-points.ts';
import { haversineKm } from './geo.ts';
import type { AgentRegistry } from './registry.ts';
import type { Agent } from './types.ts';

export interface RoutingOptions {
  /** How many agents a lead may be offered to, in turn, before the office advice. */
  maxCandidates: number;
  /** Agents farther than this from the user are not offered the lead. */
  radiusKm: number;
}

export const DEFAULT_ROUTING: RoutingOptions = { maxCandidates: 5, radiusKm: 60 };

/**
 * Orders the agents to offer a lead to. A shared point: nearest active agents (GEOSEARCH). A typed commune:
 * the agents serving that ward, then the nearest to the commune's point when a commune-points file is
 * configured, then the rest of the province. No location, or nobody found: an empty list (office advice).
 */
export async function routeLead(
  location: LeadDraft['location'],
  registry: AgentRegistry,
  points: CommunePoints | undefined,
  opts: RoutingOptions = DEFAULT_ROUTING,
): Promise<Agent[]> {
  const picked = new Map<string, Agent>();
  const add = (agents: Agent[]) => {
    for (const a of agents) if (picked.size < opts.maxCandidates && !picked.has(a.id)) picked.set(a.id, a);
  };
  if (location.kind === 'point') {
    add((await registry.near({ lat: location.latitude, lon: location.longitude }, opts.radiusKm, opts.maxCandidates)).map((n) => n.agent));
  } else if (location.kind === 'place') {
    const point = location.wardCode ? points?.get(location.wardCode) : undefined;
    if (location.wardCode) {
      const inWard = await registry.inWard(location.wardCode);
      if (point) inWard.sort((a, b) => distance(point, a) - distance(point, b));
      add(inWard);
    }
    if (point) add((await registry.near(point, opts.radiusKm, opts.maxCandidates * 2)).map((n) => n.agent));
    add(await registry.inProvince(location.provinceCode));
  }
  return [...picked.values()];
}

function distance(from: { lat: number; lon: number }, a: Agent): number {
  return a.lat === undefined || a.lon === undefined ? Number.POSITIVE_INFINITY : haversineKm(from, { lat: a.lat, lon: a.lon });
}
