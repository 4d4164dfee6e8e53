import { isOnDuty, nextOpening, parseOfficeHours, type OfficeHours } from './hours.ts';

/**
 * Who takes handoffs: the staff of the staff registry (console, `npm run staff`) who have a Zalo user id (they
 * follow the OA and get the notices there), with their office hours. The handoff reads it through this small
 * interface, so it does not depend on how the registry stores its accounts.
 */
export interface RosterMember {
  /** Stable id (the staff username). */
  id: string;
  /** Shown to staff, never to users. */
  name?: string;
  zaloUserId: string;
  /** `07:30-17:00`, `T2-T7 07:30-11:30` … (see hours.ts); unset: 07:30-17:00 Monday to Friday. */
  hours?: string;
}

export interface Roster {
  members(): Promise<RosterMember[]>;
}

/** A fixed roster (tests, and the trial before any staff account exists). */
export function staticRoster(members: RosterMember[]): Roster {
  return { members: async () => members };
}

export interface Duty {
  onDuty: RosterMember[];
  /** When the first member comes on duty next (epoch ms), when nobody is now. */
  nextOpening: number | undefined;
}

/** Who is on duty at `at`, and otherwise when someone will be. A member with unreadable hours is left out. */
export function dutyAt(members: RosterMember[], at: number, onBadHours?: (member: RosterMember) => void): Duty {
  const parsed: { member: RosterMember; hours: OfficeHours }[] = [];
  for (const member of members) {
    try {
      parsed.push({ member, hours: parseOfficeHours(member.hours) });
    } catch {
      onBadHours?.(member);
    }
  }
  const onDuty = parsed.filter((p) => isOnDuty(p.hours, at)).map((p) => p.member);
  const next = onDuty.length > 0 ? undefined : Math.min(...parsed.map((p) => nextOpening(p.hours, at) ?? Infinity));
  return { onDuty, nextOpening: next === undefined || !Number.isFinite(next) ? undefined : next };
}
