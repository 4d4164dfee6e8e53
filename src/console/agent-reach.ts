import { keys } from '../store/keys.ts';
import type { Store } from '../store/types.ts';

/**
 * When each agent last wrote to the OA (Zalo lets the OA write to them for 7 days after), read from the per-user
 * keys the turn pipeline keeps. One GET per agent (they live under different users' hash tags, so no MGET on a
 * cluster): for two thousand agents that is the agents page's main cost, so a snapshot is reused for a minute — the
 * page shows days left, which a minute does not change.
 */
export class AgentReach {
  private snapshot: { at: number; last: Map<string, number | undefined> } | undefined;

  constructor(
    private readonly store: Store,
    private readonly now: () => number,
    private readonly maxAgeMs = 60_000,
  ) {}

  /** Epoch ms of each Zalo user's last message, undefined when the window is closed (the key expired). */
  async lastSeen(zaloUserIds: string[]): Promise<Map<string, number | undefined>> {
    const s = this.snapshot;
    if (s && this.now() - s.at < this.maxAgeMs && zaloUserIds.every((id) => s.last.has(id))) return s.last;
    const values = await Promise.all(zaloUserIds.map((id) => this.store.get(keys.lastInteraction('zalo', id))));
    const last = new Map(zaloUserIds.map((id, i) => [id, values[i] === null || values[i] === undefined ? undefined : Number(values[i])]));
    this.snapshot = { at: this.now(), last };
    return last;
  }
}
