import { z } from 'zod';
import { AppError, ErrorCodes } from '../errors.ts';
import { isOnDuty, parseOfficeHours } from '../handoff/hours.ts';
import type { Store } from '../store/types.ts';
import { DEFAULT_COST, hashPassword, type KdfCost } from './password.ts';

/**
 * The staff registry: one list serves the console (accounts and roles) and the human handoff (who is on duty on
 * Zalo). A few dozen people per office, so the list is one JSON value changed under a lock, through the small
 * store interface: the same code runs on Redis and on the in-memory trial store, and a reader never sees half a
 * change.
 */
export const ROLES = ['admin', 'province', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const StaffInputSchema = z
  .object({
    username: z.string().regex(/^[a-z0-9][a-z0-9._-]{1,39}$/, 'must be 2-40 lowercase letters, digits, . _ -'),
    role: z.enum(ROLES, { error: 'must be admin, province or viewer' }),
    province: z.string().regex(/^\d{2}$/, 'must be a 2-digit province code (keep the leading zero)').optional(),
    zaloUserId: z.string().regex(/^\d{1,32}$/, 'must be the decimal Zalo user id').optional(),
    // The handoff's own reading of office hours (src/handoff/hours.ts): what is saved is what it understands.
    hours: z
      .string()
      .superRefine((h, ctx) => {
        try {
          parseOfficeHours(h);
        } catch (err) {
          ctx.addIssue({ code: 'custom', message: (err as Error).message });
        }
      })
      .optional(),
  })
  .refine((s) => s.role !== 'province' || s.province !== undefined, { message: 'province staff need --province', path: ['province'] });

export type StaffInput = z.infer<typeof StaffInputSchema>;

export interface Staff extends StaffInput {
  passwordHash: string;
  createdAt: string;
  updatedAt: string;
}

/** What may be shown or listed: never the hash. */
export type StaffView = Omit<Staff, 'passwordHash'>;

export function viewOf(s: Staff): StaffView {
  const { passwordHash: _, ...view } = s;
  return view;
}

const KEY = 'staff:{staff}:all';
const LOCK = 'staff:{staff}:lock';

/**
 * Whether `now` falls in a member's office hours, as the handoff reads them (src/handoff/hours.ts: Vietnam time,
 * Monday to Friday unless days are given, `22:00-06:00` past midnight; unset: 07:30-17:00).
 */
export function withinHours(hours: string | undefined, now: Date): boolean {
  try {
    return isOnDuty(parseOfficeHours(hours), now.getTime());
  } catch {
    return false;
  }
}

export class StaffRegistry {
  constructor(
    private readonly store: Store,
    private readonly cost: KdfCost = DEFAULT_COST,
  ) {}

  private async read(): Promise<Record<string, Staff>> {
    const raw = await this.store.get(KEY);
    return raw === null ? {} : (JSON.parse(raw) as Record<string, Staff>);
  }

  private change<T>(fn: (all: Record<string, Staff>) => T): Promise<T> {
    return this.store.withLock(LOCK, async () => {
      const all = await this.read();
      const result = fn(all);
      await this.store.set(KEY, JSON.stringify(all));
      return result;
    });
  }

  /** Adds or replaces (same username) a staff member; the password is hashed here and never stored in clear. */
  async add(input: StaffInput, password: string, now = new Date()): Promise<StaffView> {
    const parsed = StaffInputSchema.safeParse(input);
    if (!parsed.success) {
      throw new AppError(ErrorCodes.STAFF_INVALID, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    }
    if (password.length < 10) throw new AppError(ErrorCodes.STAFF_INVALID, 'password: at least 10 characters');
    const passwordHash = await hashPassword(password, this.cost);
    return this.change((all) => {
      const at = now.toISOString();
      const staff: Staff = { ...parsed.data, ...(parsed.data.role === 'province' ? {} : { province: undefined }), passwordHash, createdAt: all[parsed.data.username]?.createdAt ?? at, updatedAt: at };
      if (staff.province === undefined) delete staff.province;
      all[staff.username] = staff;
      return viewOf(staff);
    });
  }

  /** Edits the roster fields (from the console); the password stays. */
  async update(username: string, patch: Partial<Pick<StaffInput, 'zaloUserId' | 'hours'>>, now = new Date()): Promise<StaffView> {
    return this.change((all) => {
      const current = all[username];
      if (!current) throw new AppError(ErrorCodes.STAFF_NOT_FOUND, 'no such staff member', { details: { username } });
      const next = { ...current, ...patch, updatedAt: now.toISOString() };
      const parsed = StaffInputSchema.safeParse(next);
      if (!parsed.success) throw new AppError(ErrorCodes.STAFF_INVALID, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
      for (const k of ['zaloUserId', 'hours'] as const) if (next[k] === undefined || next[k] === '') delete next[k];
      all[username] = next;
      return viewOf(next);
    });
  }

  /** Stores a new hash for an existing member (the login upgrades old-cost hashes through this). */
  async setPasswordHash(username: string, passwordHash: string): Promise<void> {
    await this.change((all) => {
      if (all[username]) all[username] = { ...all[username], passwordHash };
    });
  }

  async remove(username: string): Promise<boolean> {
    return this.change((all) => {
      const had = username in all;
      delete all[username];
      return had;
    });
  }

  /** With the hash: for the login check only. */
  async get(username: string): Promise<Staff | undefined> {
    return (await this.read())[username];
  }

  async list(): Promise<StaffView[]> {
    return Object.values(await this.read())
      .map(viewOf)
      .sort((a, b) => a.username.localeCompare(b.username));
  }

  /** Staff who can be notified on Zalo now: a Zalo user id and office hours that include `now` (Vietnam time). */
  async onDuty(now: Date): Promise<StaffView[]> {
    return (await this.list()).filter((s) => s.zaloUserId !== undefined && withinHours(s.hours, now));
  }
}
