import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Store } from '../store/types.ts';
import { dummyHash, needsRehash, verifyPassword, hashPassword, type KdfCost } from './password.ts';
import type { StaffRegistry, StaffView } from './staff.ts';

/**
 * Console sign-in. Sessions live in the store (Redis): the cookie holds a random 256-bit token, the store keeps
 * only its SHA-256, so a leaked store dump opens no session. Cookies are HttpOnly, SameSite=Strict, Path=/, and
 * Secure when the request came over HTTPS (directly or via a proxy's X-Forwarded-Proto) or CONSOLE_COOKIE_SECURE
 * says always.
 *
 * CSRF: the synchronizer-token pattern (OWASP's first choice when there are server-side sessions): each session
 * has a random token, every form carries it in `_csrf` (API calls in `X-CSRF-Token`), and every POST without the
 * matching token is refused with 403. SameSite=Strict is the second line. The login form itself gets a pre-session
 * token in a short-lived cookie checked against the form field (double submit), so nobody can log a victim into
 * an attacker's account either.
 */
export const SESSION_COOKIE = 'bhxh_console';
export const PRELOGIN_COOKIE = 'bhxh_console_login';

export interface ConsoleSession {
  username: string;
  csrf: string;
  createdAt: number;
}

export interface AuthOptions {
  sessionHours: number;
  cookieSecure: 'auto' | 'always' | 'never';
  /** Login attempts allowed per client address per 15 minutes, and failed ones per username. */
  maxAttemptsPerIp: number;
  maxFailuresPerUser: number;
  kdfCost?: KdfCost;
}

export const DEFAULT_AUTH: AuthOptions = { sessionHours: 8, cookieSecure: 'auto', maxAttemptsPerIp: 20, maxFailuresPerUser: 5 };

const WINDOW_S = 15 * 60;
const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const sessionKey = (token: string) => `csess:${sha(token)}`;

export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim());
  }
  return undefined;
}

export function sameToken(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const x = createHash('sha256').update(a).digest();
  const y = createHash('sha256').update(b).digest();
  return timingSafeEqual(x, y);
}

export type LoginResult = { ok: true; staff: StaffView; token: string } | { ok: false; reason: 'invalid' | 'rate_limited' };

export class ConsoleAuth {
  constructor(
    private readonly store: Store,
    private readonly staff: StaffRegistry,
    readonly opts: AuthOptions = DEFAULT_AUTH,
  ) {}

  private secure(req: Request): boolean {
    if (this.opts.cookieSecure !== 'auto') return this.opts.cookieSecure === 'always';
    return req.secure || req.get('x-forwarded-proto') === 'https';
  }

  setCookie(req: Request, res: Response, name: string, value: string, maxAgeS: number): void {
    res.cookie(name, value, { httpOnly: true, sameSite: 'strict', secure: this.secure(req), path: '/', maxAge: maxAgeS * 1000 });
  }

  clearCookie(req: Request, res: Response, name: string): void {
    res.clearCookie(name, { httpOnly: true, sameSite: 'strict', secure: this.secure(req), path: '/' });
  }

  /** The pre-login token: set on GET /console/login, checked on POST. */
  preLoginToken(req: Request, res: Response): string {
    const existing = readCookie(req, PRELOGIN_COOKIE);
    if (existing && /^[\w-]{43}$/.test(existing)) return existing;
    const token = randomBytes(32).toString('base64url');
    this.setCookie(req, res, PRELOGIN_COOKIE, token, 3600);
    return token;
  }

  /**
   * Checks the password with the rate limits first: a client address gets `maxAttemptsPerIp` tries per 15 min, a
   * username `maxFailuresPerUser` failures. Unknown usernames cost the same scrypt as known ones.
   */
  async login(username: string, password: string, ip: string, now: number): Promise<LoginResult> {
    const window = Math.floor(now / (WINDOW_S * 1000));
    const user = username.trim().toLowerCase();
    const attempts = await this.store.increment(`clogin:ip:${sha(ip)}:${window}`, WINDOW_S);
    const failuresKey = `clogin:user:${sha(user)}:${window}`;
    const failures = Number((await this.store.get(failuresKey)) ?? 0);
    if (attempts > this.opts.maxAttemptsPerIp || failures >= this.opts.maxFailuresPerUser) return { ok: false, reason: 'rate_limited' };
    const staff = await this.staff.get(user);
    const ok = await verifyPassword(password, staff?.passwordHash ?? (await dummyHash(this.opts.kdfCost)));
    if (!staff || !ok) {
      await this.store.increment(failuresKey, WINDOW_S);
      return { ok: false, reason: 'invalid' };
    }
    if (needsRehash(staff.passwordHash, this.opts.kdfCost)) await this.staff.setPasswordHash(staff.username, await hashPassword(password, this.opts.kdfCost));
    const token = randomBytes(32).toString('base64url');
    const session: ConsoleSession = { username: staff.username, csrf: randomBytes(24).toString('base64url'), createdAt: now };
    await this.store.set(sessionKey(token), JSON.stringify(session), this.opts.sessionHours * 3600);
    const { passwordHash: _, ...view } = staff;
    return { ok: true, staff: view, token };
  }

  /** The signed-in staff member and session, re-read on every request so a removed account or changed role applies at once. */
  async current(req: Request): Promise<{ session: ConsoleSession; staff: StaffView } | undefined> {
    const token = readCookie(req, SESSION_COOKIE);
    if (!token || !/^[\w-]{43}$/.test(token)) return undefined;
    const raw = await this.store.get(sessionKey(token));
    if (raw === null) return undefined;
    const session = JSON.parse(raw) as ConsoleSession;
    const staff = await this.staff.get(session.username);
    if (!staff) return undefined;
    const { passwordHash: _, ...view } = staff;
    return { session, staff: view };
  }

  async logout(req: Request): Promise<void> {
    const token = readCookie(req, SESSION_COOKIE);
    if (token) await this.store.del(sessionKey(token));
  }
}
