import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { tokenMatches } from '../leads/admin.ts';
import { sameToken, type ConsoleSession } from './auth.ts';
import type { ConsoleServices } from './services.ts';
import type { StaffView } from './staff.ts';

/** The signed-in staff member (or the ADMIN_TOKEN holder on the API), set by `requireStaff`. */
export interface Signed {
  staff: StaffView;
  /** Absent for Bearer-token API calls (no cookie, so no CSRF exposure). */
  session?: ConsoleSession;
}

export function signed(res: Response): Signed {
  return res.locals.signed as Signed;
}

/** Client address for the login limit and the audit log; behind CONSOLE_TRUST_PROXY proxies, from X-Forwarded-For. */
export function clientIp(req: Request, trustProxyHops: number): string {
  if (trustProxyHops > 0) {
    const chain = (req.get('x-forwarded-for') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    const hop = chain[chain.length - trustProxyHops];
    if (hop) return hop;
  }
  return req.socket.remoteAddress ?? 'unknown';
}

/** Security headers on every console answer: no scripts at all, no framing, no caching of personal data. */
export const consoleHeaders: RequestHandler = (_req, res, next) => {
  res.set({
    'content-security-policy': "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
  });
  next();
};

/**
 * Console pages: a session cookie or a redirect to the login. API: a session cookie, or `Authorization: Bearer
 * ADMIN_TOKEN` (acts as an admin named `api-token`), or 401.
 */
export function requireStaff(svc: ConsoleServices, mode: 'page' | 'api', adminToken: string | undefined): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    void (async () => {
      const bearer = /^Bearer\s+(.+)$/i.exec(req.get('authorization') ?? '');
      if (mode === 'api' && bearer && adminToken && tokenMatches(bearer[1]!.trim(), adminToken)) {
        res.locals.signed = { staff: { username: 'api-token', role: 'admin', createdAt: '', updatedAt: '' } } satisfies Signed;
        return next();
      }
      const current = await svc.auth.current(req);
      if (!current) {
        if (mode === 'api') res.status(401).json({ error: { code: 'BHXH_CONSOLE_UNAUTHORIZED' } });
        else res.redirect(303, `/console/login?next=${encodeURIComponent(req.originalUrl.startsWith('/console') ? req.originalUrl : '/console')}`);
        return;
      }
      res.locals.signed = { staff: current.staff, session: current.session } satisfies Signed;
      next();
    })().catch(next);
  };
}

/** Every POST carries the session's CSRF token (form field `_csrf` or header `X-CSRF-Token`), or is refused with 403. */
export const requireCsrf: RequestHandler = (req, res, next) => {
  const { session } = signed(res);
  if (!session) return next(); // Bearer token: nothing ambient for a forged request to ride on
  const given = (req.body as Record<string, unknown> | undefined)?._csrf ?? req.get('x-csrf-token');
  if (typeof given === 'string' && sameToken(given, session.csrf)) return next();
  res.status(403).type('text/plain; charset=utf-8').send('Yêu cầu bị từ chối: thiếu mã chống giả mạo (CSRF). Tải lại trang và thử lại.');
};
