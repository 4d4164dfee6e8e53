import type { Roster } from '../handoff/roster.ts';
import type { StaffRegistry } from './staff.ts';

/** The handoff roster from the staff registry: the members with a Zalo user id, by username, with their hours. */
export function staffRoster(registry: Pick<StaffRegistry, 'list'>): Roster {
  return {
    async members() {
      return (await registry.list()).flatMap((s) => (s.zaloUserId ? [{ id: s.username, zaloUserId: s.zaloUserId, ...(s.hours ? { hours: s.hours } : {}) }] : []));
    },
  };
}
