import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { INTENT_NAMES } from '../language/intent-names.ts';
import { vietnamDate } from '../insurance/calendar.ts';
import { can } from './access.ts';
import { closeTicket, labelQuestions, loadOverview, loadTargets, reassignLead, viewLead, type Outcome } from './actions.ts';
import { clientIp, requireCsrf, requireStaff, signed } from './middleware.ts';
import { loadAgents } from './pages/agents.ts';
import { FunnelQuerySchema, loadFunnel } from './pages/funnel.ts';
import { LeadFilterSchema, loadLeads } from './pages/leads.ts';
import { loadTickets } from './pages/tickets.ts';
import type { ConsoleServices } from './services.ts';

const invalid = (res: Response, error: z.ZodError) =>
  res.status(400).json({ error: { code: 'invalid_request', issues: error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) } });

function answer(res: Response, out: Outcome<string>): void {
  if (out.ok) res.json({ ok: true, message: out.value });
  else res.status(out.status).json({ error: { code: 'refused', message: out.message } });
}

/**
 * The console's data as JSON for other tools, under the same role rules: `/api/v1/admin/overview`, `leads`
 * (filters status, province, ward, agent, from, to, page; 50 per page), `leads/:id`, `POST leads/:id/reassign`
 * `{agentId}`, `agents`, `tickets`, `POST tickets/:id/close`, `funnel` (period, days, province, ward),
 * `unanswered`, `POST unanswered/label` `{ids, intent}`, `targets?year=`. Auth: the console session cookie (POSTs
 * with `X-CSRF-Token`) or `Authorization: Bearer ADMIN_TOKEN`.
 */
export function createConsoleApi(svc: ConsoleServices, opts: { adminToken: string | undefined; trustProxyHops: number }): Router {
  const r = Router();
  const ip = (req: Request) => clientIp(req, opts.trustProxyHops);
  const json = express.json({ limit: '32kb' });
  r.use('/api/v1/admin', (_req, res, next) => {
    res.set('cache-control', 'no-store');
    next();
  }, requireStaff(svc, 'api', opts.adminToken));

  r.get('/api/v1/admin/overview', async (_req, res) => {
    res.json(await loadOverview(svc, signed(res).staff));
  });

  r.get('/api/v1/admin/leads', async (req, res) => {
    const parsed = LeadFilterSchema.safeParse(req.query);
    if (!parsed.success) return void invalid(res, parsed.error);
    const { staff } = signed(res);
    const data = await loadLeads(svc, staff, parsed.data);
    if (can.seePersonalData(staff)) await svc.audit.record({ at: svc.now(), username: staff.username, action: 'view_leads', detail: `api ${new URLSearchParams(req.query as Record<string, string>).toString()} (${data.leads.length} shown)`, ip: ip(req) });
    res.json(data);
  });

  r.get('/api/v1/admin/leads/:id', async (req, res) => {
    const found = await viewLead(svc, signed(res).staff, String(req.params.id), ip(req));
    if (!found) return void res.status(404).json({ error: { code: 'BHXH_LEAD_NOT_FOUND' } });
    res.json({ lead: found.lead });
  });

  r.post('/api/v1/admin/leads/:id/reassign', json, requireCsrf, async (req, res) => {
    const body = z.object({ agentId: z.string().min(1).max(64) }).safeParse(req.body);
    if (!body.success) return void invalid(res, body.error);
    answer(res, await reassignLead(svc, signed(res).staff, String(req.params.id), body.data.agentId, ip(req)));
  });

  r.get('/api/v1/admin/agents', async (req, res) => {
    const province = typeof req.query.province === 'string' && /^\d{2}$/.test(req.query.province) ? req.query.province : undefined;
    res.json(await loadAgents(svc, signed(res).staff, province, Math.max(1, Math.min(1_000, Number(req.query.page) || 1))));
  });

  r.get('/api/v1/admin/tickets', async (_req, res) => {
    res.json(await loadTickets(svc, signed(res).staff));
  });

  r.post('/api/v1/admin/tickets/:id/close', json, requireCsrf, async (req, res) => {
    answer(res, await closeTicket(svc, signed(res).staff, String(req.params.id), ip(req)));
  });

  r.get('/api/v1/admin/funnel', async (req, res) => {
    const q = FunnelQuerySchema.safeParse(req.query);
    if (!q.success) return void invalid(res, q.error);
    res.json(await loadFunnel(svc, signed(res).staff, q.data));
  });

  r.get('/api/v1/admin/unanswered', async (_req, res) => {
    const [g, labelled] = await Promise.all([svc.unanswered.groups(svc.now()), svc.unanswered.labelled()]);
    res.json({ ...g, labelled });
  });

  r.post('/api/v1/admin/unanswered/label', json, requireCsrf, async (req, res) => {
    const body = z.object({ ids: z.array(z.string().max(20)).min(1).max(200), intent: z.enum(INTENT_NAMES) }).safeParse(req.body);
    if (!body.success) return void invalid(res, body.error);
    answer(res, await labelQuestions(svc, signed(res).staff, body.data.ids, body.data.intent));
  });

  r.get('/api/v1/admin/targets', async (req, res) => {
    const year = typeof req.query.year === 'string' && /^20\d{2}$/.test(req.query.year) ? req.query.year : vietnamDate(new Date(svc.now())).slice(0, 4);
    res.json(await loadTargets(svc, signed(res).staff, year));
  });

  return r;
}
