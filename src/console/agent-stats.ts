import type { Lead } from '../leads/types.ts';
import type { Store } from '../store/types.ts';

/**
 * Per collection agent: leads offered, accepted, and how long they took to accept, counted from each lead change
 * into one hash (no history replay). Times to accept go into minute buckets, so the median is read as "within N
 * minutes" without keeping every duration.
 */
const KEY = 'agentstats:{console}';
export const ACCEPT_BUCKETS_MIN = [1, 2, 3, 5, 10, 15, 20, 30, 45, 60, 90, 120, 240, 480, 1440] as const;

export interface AgentFigures {
  offered: number;
  accepted: number;
  /** Median time to accept, as the upper bound of its bucket in minutes; undefined before a first accept; Infinity past a day. */
  medianAcceptMinutes: number | undefined;
}

function bucketOf(minutes: number): string {
  const b = ACCEPT_BUCKETS_MIN.find((x) => minutes <= x);
  return b === undefined ? 'inf' : String(b);
}

export class AgentStats {
  constructor(private readonly store: Store) {}

  /** Counts what the change added to the lead's history: offers and accepts (with the time since that agent's offer). */
  async onLeadChange(before: Lead | undefined, after: Lead): Promise<void> {
    const added = after.history.slice(before?.history.length ?? 0);
    for (const e of added) {
      if (!e.agentId) continue;
      if (e.event === 'offered' || e.event === 'reassigned') await this.store.hashIncrement(KEY, `${e.agentId}|offered`);
      if (e.event === 'accepted') {
        await this.store.hashIncrement(KEY, `${e.agentId}|accepted`);
        const offer = [...after.history].reverse().find((h) => (h.event === 'offered' || h.event === 'reassigned') && h.agentId === e.agentId);
        if (offer) await this.store.hashIncrement(KEY, `${e.agentId}|acc:${bucketOf((Date.parse(e.at) - Date.parse(offer.at)) / 60_000)}`);
      }
    }
  }

  async all(): Promise<Map<string, AgentFigures>> {
    const h = await this.store.hashGetAll(KEY);
    const raw = new Map<string, { offered: number; accepted: number; buckets: Map<string, number> }>();
    for (const [f, v] of Object.entries(h)) {
      const [agent = '', what = ''] = f.split('|');
      const r = raw.get(agent) ?? { offered: 0, accepted: 0, buckets: new Map() };
      raw.set(agent, r);
      if (what === 'offered') r.offered = Number(v);
      else if (what === 'accepted') r.accepted = Number(v);
      else if (what.startsWith('acc:')) r.buckets.set(what.slice(4), Number(v));
    }
    const out = new Map<string, AgentFigures>();
    for (const [agent, r] of raw) {
      const n = [...r.buckets.values()].reduce((a, b) => a + b, 0);
      let seen = 0;
      let median: number | undefined;
      for (const b of [...ACCEPT_BUCKETS_MIN.map(String), 'inf']) {
        seen += r.buckets.get(b) ?? 0;
        if (n > 0 && seen >= n / 2) {
          median = b === 'inf' ? Infinity : Number(b);
          break;
        }
      }
      out.set(agent, { offered: r.offered, accepted: r.accepted, medianAcceptMinutes: median });
    }
    return out;
  }
}
