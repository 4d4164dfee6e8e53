import { createHash, timingSafeEqual } from 'node:crypto';
import { Router, type Request, type RequestHandler } from 'express';
import { z } from 'zod';
import { ErrorCodes } from '../errors.ts';
import type { LeadStore } from './lead-store.ts';
import { LEAD_STATUSES, type Lead } from './types.ts';

/** Constant-time: both sides are hashed to equal length first, so neither content nor length leaks. */
export function tokenMatches(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

const day = /^\d{4}-\d{2}-\d{2}$/;
const date = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be a date (YYYY-MM-DD or ISO 8601)');
const FilterSchema = z.object({
  status: z.enum(LEAD_STATUSES).optional(),
  province: z.string().regex(/^\d{2}$/, 'must be a 2-digit province code').optional(),
  from: date.optional(),
  to: date.optional(),
});

export type LeadFilter = z.infer<typeof FilterSchema>;

/** The filter's creation-time range in epoch ms, inclusive; a bare day for `to` includes the whole day (UTC). */
export function filterRange(f: { from?: string | undefined; to?: string | undefined }): { from?: number; to?: number } {
  return {
    ...(f.from ? { from: Date.parse(f.from) } : {}),
    ...(f.to ? { to: Date.parse(f.to) + (day.test(f.to) ? 86_400_000 : 1) - 1 } : {}),
  };
}

/** Every lead matching the filter, oldest first, from the lead indexes (no keyspace scan). */
export async function filterLeads(leads: LeadStore, f: LeadFilter): Promise<Lead[]> {
  const page = await leads.query({ status: f.status, province: f.province, ...filterRange(f), limit: Infinity });
  return page.leads.reverse();
}

export const CSV_COLUMNS = [
  'id', 'created_at', 'updated_at', 'status', 'channel', 'province_code', 'area', 'name', 'phone', 'assigned_agent_id', 'offers', 'consent_version', 'consent_at', 'personal_data_deleted',
] as const;

const PHONE_COLUMN = CSV_COLUMNS.indexOf('phone');

/** RFC 4180 quoting, and a leading quote on cells a spreadsheet would run as a formula. */
function cell(v: string): string {
  const safe = /^[=@\t\r]/.test(v) || /^[+-](?![\d\s]*$)/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function area(l: Lead): string {
  if (l.location.kind === 'place') return l.location.label;
  if (l.location.kind === 'point') return `${l.location.latitude},${l.location.longitude}`;
  return '';
}

/**
 * The CSV of leads, UTF-8 with a BOM (Excel opens Vietnamese text right). With `phonesAsText`, phones are written
 * as `="+84…"` so Excel keeps them as text (no 8.49E+10, no lost leading zero): the console's export.
 */
export function leadsCsv(leads: Lead[], opts: { phonesAsText?: boolean } = {}): string {
  const rows = leads.map((l) =>
    [
      l.id, l.createdAt, l.updatedAt, l.status, l.channel, l.provinceCode ?? '', area(l), l.name ?? '', l.phone ?? '', l.assignedAgentId ?? '',
      String(l.history.filter((h) => h.event === 'offered').length), l.consent.version, l.consent.at, l.personalDataDeleted ? 'true' : 'false',
    ].map((v, i) => (opts.phonesAsText && i === PHONE_COLUMN && /^\+?\d+$/.test(v) ? `"=""${v}"""` : cell(v))).join(','),
  );
  return `\uFEFF${[CSV_COLUMNS.join(','), ...rows].join('\r\n')}\r\n`;
}

/**
 * `GET /admin/leads` (JSON) and `GET /admin/leads.csv`, filters `status`, `province`, `from`, `to`.
 * Bearer ADMIN_TOKEN compared in constant time; 401 otherwise. Without ADMIN_TOKEN the routes do not exist (404).
 */
export function createAdminRouter(leads: LeadStore, adminToken: string | undefined): Router {
  const router = Router();
  if (!adminToken) return router;

  const auth: RequestHandler = (req, res, next) => {
    const header = req.get('authorization') ?? '';
    const m = /^Bearer\s+(.+)$/i.exec(header);
    if (!m || !tokenMatches(m[1]!.trim(), adminToken)) {
      res.status(401).set('www-authenticate', 'Bearer').json({ error: { code: ErrorCodes.ADMIN_UNAUTHORIZED } });
      return;
    }
    next();
  };

  const load = async (req: Request): Promise<Lead[] | z.ZodError> => {
    const parsed = FilterSchema.safeParse(req.query);
    if (!parsed.success) return parsed.error;
    return filterLeads(leads, parsed.data);
  };

  router.get('/admin/leads', auth, async (req, res) => {
    const found = await load(req);
    if (found instanceof z.ZodError) {
      res.status(400).json({ error: { code: 'invalid_filter', issues: found.issues.map((i) => `${i.path.join('.')}: ${i.message}`) } });
      return;
    }
    res.set('cache-control', 'no-store').json({ count: found.length, leads: found });
  });

  router.get('/admin/leads.csv', auth, async (req, res) => {
    const found = await load(req);
    if (found instanceof z.ZodError) {
      res.status(400).json({ error: { code: 'invalid_filter', issues: found.issues.map((i) => `${i.path.join('.')}: ${i.message}`) } });
      return;
    }
    res.set('cache-control', 'no-store').type('text/csv; charset=utf-8').attachment('leads.csv').send(leadsCsv(found));
  });
  return router;
}
