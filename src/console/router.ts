import express, { Router, type Request, type Response } from 'express';
import multer from 'multer';
import { z } from 'zod';
import { AppError, ErrorCodes, isAppError } from '../errors.ts';
import { leadsCsv, filterRange } from '../leads/admin.ts';
import { INTENT_NAMES } from '../language/intent-names.ts';
import { vietnamDate } from '../insurance/calendar.ts';
import { can, leadFor, mayView } from './access.ts';
import { closeTicket, confirmAgents, importTargets, labelQuestions, loadOverview, loadTargets, previewAgents, reassignLead, simReset, simSay, simState, viewLead } from './actions.ts';
import { PRELOGIN_COOKIE, readCookie, sameToken, SESSION_COOKIE } from './auth.ts';
import { clientIp, consoleHeaders, requireCsrf, requireStaff, signed } from './middleware.ts';
import { loadAgents, renderAgents, renderAgentsPreview } from './pages/agents.ts';
import { renderAudit } from './pages/audit.ts';
import { renderChat } from './pages/chat.ts';
import { FunnelQuerySchema, loadFunnel, renderFunnel } from './pages/funnel.ts';
import type { PageContext } from './pages/layout.ts';
import { LeadFilterSchema, loadLeads, renderLead, renderLeads, scopedFilter } from './pages/leads.ts';
import { loginPage } from './pages/login.ts';
import { renderOverview } from './pages/overview.ts';
import { renderStaff } from './pages/staff.ts';
import { renderTargets } from './pages/targets.ts';
import { loadTickets, renderTickets } from './pages/tickets.ts';
import { renderUnanswered } from './pages/unanswered.ts';
import type { ConsoleServices } from './services.ts';
import { labelledYaml } from './unanswered.ts';
import { CONSOLE_CSS } from './styles.ts';

export interface ConsoleRouterOptions {
  trustProxyHops: number;
}

const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: 2 * 1024 * 1024, files: 1, fields: 10 } }).single('file');
const form = express.urlencoded({ extended: false, limit: '32kb', parameterLimit: 50 });

const ctxOf = (req: Request, res: Response): PageContext => {
  const s = signed(res);
  return { staff: s.staff, csrf: s.session?.csrf ?? '', path: req.path === '/' ? '/console' : `/console${req.path}` };
};

const safeNext = (next: unknown) => (typeof next === 'string' && /^\/console(\/[\w\-./?=&%]*)?$/.test(next) && !next.startsWith('//') ? next : '/console');
/** Notices after a POST-redirect-GET, named in the query (`?msg=closed`): a fixed set, so no text is reflected. */
const NOTICES: Record<string, string> = {
  reassigned: 'Đã giao lại; đại lý sẽ nhận tin mời trên Zalo.',
  closed: 'Đã đóng yêu cầu; người dùng được báo và trợ lý trả lời lại.',
  labelled: 'Đã gán nhãn; các câu vào danh sách chờ duyệt.',
  agents: 'Đã thay danh sách đại lý.',
  targets: 'Đã nhập chỉ tiêu.',
  staff: 'Đã lưu lịch trực.',
};
const notice = (req: Request) => (typeof req.query.msg === 'string' ? NOTICES[req.query.msg] : undefined);
const idOf = (req: Request) => String(req.params.id ?? '');

/** The web console under /console (Vietnamese, server-rendered, no scripts). See the README's Console section. */
export function createConsoleRouter(svc: ConsoleServices, opts: ConsoleRouterOptions): Router {
  const r = Router();
  const ip = (req: Request) => clientIp(req, opts.trustProxyHops);
  r.use('/console', consoleHeaders);

  r.get('/console/console.css', (_req, res) => {
    res.set('cache-control', 'public, max-age=3600').type('text/css').send(CONSOLE_CSS);
  });

  r.get('/console/login', (req, res) => {
    res.type('html').send(loginPage(svc.auth.preLoginToken(req, res), undefined, safeNext(req.query.next)));
  });

  r.post('/console/login', form, async (req, res) => {
    const body = z.object({ username: z.string().max(100), password: z.string().max(500), _csrf: z.string().optional(), next: z.string().optional() }).safeParse(req.body);
    const pre = readCookie(req, PRELOGIN_COOKIE);
    if (!body.success || !sameToken(body.data._csrf, pre)) {
      res.status(403).type('html').send(loginPage(svc.auth.preLoginToken(req, res), 'csrf'));
      return;
    }
    const result = await svc.auth.login(body.data.username, body.data.password, ip(req), svc.now());
    if (!result.ok) {
      await svc.audit.record({ at: svc.now(), username: body.data.username.slice(0, 40).toLowerCase(), action: 'login_failed', detail: result.reason, ip: ip(req) });
      res.status(result.reason === 'rate_limited' ? 429 : 401).type('html').send(loginPage(pre!, result.reason, safeNext(body.data.next)));
      return;
    }
    await svc.audit.record({ at: svc.now(), username: result.staff.username, action: 'login', detail: result.staff.role, ip: ip(req) });
    svc.auth.clearCookie(req, res, PRELOGIN_COOKIE);
    svc.auth.setCookie(req, res, SESSION_COOKIE, result.token, svc.auth.opts.sessionHours * 3600);
    res.redirect(303, safeNext(body.data.next));
  });

  const staffOnly = requireStaff(svc, 'page', undefined);
  r.use('/console', (req, res, next) => (req.path === '/login' || req.path === '/console.css' ? next() : staffOnly(req, res, next)));

  r.post('/console/logout', form, requireCsrf, async (req, res) => {
    await svc.auth.logout(req);
    await svc.audit.record({ at: svc.now(), username: signed(res).staff.username, action: 'logout', detail: '' });
    svc.auth.clearCookie(req, res, SESSION_COOKIE);
    res.redirect(303, '/console/login');
  });

  r.get('/console', async (req, res) => {
    res.type('html').send(renderOverview(ctxOf(req, res), await loadOverview(svc, signed(res).staff)));
  });

  // ---- leads
  r.get('/console/leads', async (req, res) => {
    const { staff } = signed(res);
    const parsed = LeadFilterSchema.safeParse(req.query);
    const data = await loadLeads(svc, staff, parsed.success ? parsed.data : {});
    if (can.seePersonalData(staff)) await svc.audit.record({ at: svc.now(), username: staff.username, action: 'view_leads', detail: `${new URLSearchParams(req.query as Record<string, string>).toString()} (${data.leads.length} shown)`, ip: ip(req) });
    res.type('html').send(renderLeads(ctxOf(req, res), data));
  });

  r.get('/console/leads.csv', async (req, res) => {
    const { staff } = signed(res);
    if (!can.export(staff)) {
      res.status(403).type('text/plain; charset=utf-8').send('Tài khoản chỉ xem không tải được dữ liệu cá nhân.');
      return;
    }
    const parsed = LeadFilterSchema.safeParse(req.query);
    const f = scopedFilter(staff, parsed.success ? parsed.data : {});
    const found = await svc.leads.query({ status: f.status, province: f.province, ward: f.ward, agent: f.agent, ...filterRange(f), limit: 100_000 });
    const leads = found.leads.filter((l) => mayView(staff, l)).reverse();
    await svc.audit.record({ at: svc.now(), username: staff.username, action: 'export_leads', detail: `${new URLSearchParams(req.query as Record<string, string>).toString()} (${leads.length} leads)`, ip: ip(req) });
    res.type('text/csv; charset=utf-8').attachment(`khach-${vietnamDate(new Date(svc.now()))}.csv`).send(leadsCsv(leads.map((l) => leadFor(staff, l)), { phonesAsText: true }));
  });

  r.get('/console/leads/:id', async (req, res) => {
    const found = await viewLead(svc, signed(res).staff, idOf(req), ip(req));
    if (!found) {
      res.status(404).type('html').send('Không tìm thấy khách.');
      return;
    }
    res.type('html').send(renderLead(ctxOf(req, res), found.lead, found.agents, notice(req)));
  });

  r.post('/console/leads/:id/reassign', form, requireCsrf, async (req, res) => {
    const agentId = typeof req.body?.agentId === 'string' ? req.body.agentId : '';
    const out = await reassignLead(svc, signed(res).staff, idOf(req), agentId, ip(req));
    if (!out.ok) {
      const found = await viewLead(svc, signed(res).staff, idOf(req), ip(req));
      res.status(out.status).type('html').send(found ? renderLead(ctxOf(req, res), found.lead, found.agents, undefined, out.message) : out.message);
      return;
    }
    res.redirect(303, `/console/leads/${encodeURIComponent(idOf(req))}?msg=reassigned`);
  });

  // ---- agents
  r.get('/console/agents', async (req, res) => {
    const province = typeof req.query.province === 'string' && /^\d{2}$/.test(req.query.province) ? req.query.province : undefined;
    res.type('html').send(renderAgents(ctxOf(req, res), await loadAgents(svc, signed(res).staff, province, Math.max(1, Math.min(1_000, Number(req.query.page) || 1))), notice(req)));
  });

  r.post('/console/agents/import', upload, requireCsrf, async (req, res) => {
    if (!can.administer(signed(res).staff)) {
      res.status(403).type('html').send('Chỉ quản trị viên thay được danh sách đại lý.');
      return;
    }
    if (!req.file) {
      res.status(400).type('html').send('Chưa chọn tệp.');
      return;
    }
    const p = await previewAgents(svc, req.file.buffer);
    res.status(p.errors.length ? 400 : 200).type('html').send(renderAgentsPreview(ctxOf(req, res), p.token, p.encoding, p.agents, p.errors));
  });

  r.post('/console/agents/import/confirm', form, requireCsrf, async (req, res) => {
    const out = await confirmAgents(svc, signed(res).staff, typeof req.body?.token === 'string' ? req.body.token : '');
    if (!out.ok) {
      res.status(out.status).type('html').send(out.message);
      return;
    }
    res.redirect(303, `/console/agents?msg=agents`);
  });

  // ---- tickets
  r.get('/console/tickets', async (req, res) => {
    const { staff } = signed(res);
    const data = await loadTickets(svc, staff);
    if (can.seePersonalData(staff) && data.open.some((t) => t.phone)) await svc.audit.record({ at: svc.now(), username: staff.username, action: 'view_tickets', detail: `${data.open.length} open`, ip: ip(req) });
    res.type('html').send(renderTickets(ctxOf(req, res), data, notice(req)));
  });

  r.post('/console/tickets/:id/close', form, requireCsrf, async (req, res) => {
    const out = await closeTicket(svc, signed(res).staff, idOf(req), ip(req));
    if (!out.ok) {
      res.status(out.status).type('html').send(out.message);
      return;
    }
    res.redirect(303, `/console/tickets?msg=closed`);
  });

  // ---- funnel
  r.get('/console/funnel', async (req, res) => {
    const q = FunnelQuerySchema.safeParse(req.query);
    res.type('html').send(renderFunnel(ctxOf(req, res), await loadFunnel(svc, signed(res).staff, q.success ? q.data : FunnelQuerySchema.parse({}))));
  });

  // ---- unanswered questions
  r.get('/console/unanswered', async (req, res) => {
    const [g, labelled] = await Promise.all([svc.unanswered.groups(svc.now()), svc.unanswered.labelled()]);
    const byIntent: Record<string, number> = {};
    for (const l of labelled) byIntent[l.intent] = (byIntent[l.intent] ?? 0) + 1;
    res.type('html').send(renderUnanswered(ctxOf(req, res), { ...g, labelled: labelled.length, byIntent }, notice(req)));
  });

  r.post('/console/unanswered/label', form, requireCsrf, async (req, res) => {
    const body = z.object({ ids: z.string().max(5_000), intent: z.enum(INTENT_NAMES) }).safeParse(req.body);
    if (!body.success) {
      res.status(400).type('html').send('Chọn một ý định.');
      return;
    }
    const out = await labelQuestions(svc, signed(res).staff, body.data.ids.split(',').filter(Boolean), body.data.intent);
    if (!out.ok) {
      res.status(out.status).type('html').send(out.message);
      return;
    }
    res.redirect(303, `/console/unanswered?msg=labelled`);
  });

  r.get('/console/unanswered/labelled.jsonl', async (_req, res) => {
    const rows = await svc.unanswered.labelled();
    res.type('application/x-ndjson; charset=utf-8').attachment('labelled-examples.jsonl').send(rows.map((r) => JSON.stringify({ text: r.text, intent: r.intent, by: r.by, at: r.at, source: r.source })).join('\n') + (rows.length ? '\n' : ''));
  });

  r.get('/console/unanswered/labelled/:intent.yaml', async (req, res) => {
    const intent = String(req.params.intent ?? '');
    const rows = (await svc.unanswered.labelled()).filter((r) => r.intent === intent);
    if (!(INTENT_NAMES as readonly string[]).includes(intent) || rows.length === 0) {
      res.status(404).type('text/plain; charset=utf-8').send('Không có câu nào gán nhãn này.');
      return;
    }
    res.type('text/yaml; charset=utf-8').attachment(`${intent}-console.yaml`).send(labelledYaml(intent, rows));
  });

  // ---- targets
  r.get('/console/targets', async (req, res) => {
    const year = typeof req.query.year === 'string' && /^20\d{2}$/.test(req.query.year) ? req.query.year : vietnamDate(new Date(svc.now())).slice(0, 4);
    res.type('html').send(renderTargets(ctxOf(req, res), await loadTargets(svc, signed(res).staff, year), notice(req)));
  });

  r.post('/console/targets/import', upload, requireCsrf, async (req, res) => {
    const out = req.file ? await importTargets(svc, signed(res).staff, req.file.buffer) : ({ ok: false, status: 400, message: 'Chưa chọn tệp.' } as const);
    if (!out.ok) {
      const year = vietnamDate(new Date(svc.now())).slice(0, 4);
      res.status(out.status).type('html').send(renderTargets(ctxOf(req, res), await loadTargets(svc, signed(res).staff, year), undefined, out.message));
      return;
    }
    res.redirect(303, `/console/targets?msg=targets`);
  });

  // ---- chat simulator
  r.get('/console/chat', async (req, res) => {
    res.type('html').send(renderChat(ctxOf(req, res), (await simState(svc, signed(res).staff)).lines));
  });

  r.post('/console/chat', form, requireCsrf, async (req, res) => {
    const body = z.object({ text: z.string().max(2_000).optional(), payload: z.string().max(200).optional() }).safeParse(req.body);
    if (body.success && (body.data.text?.trim() || body.data.payload)) await simSay(svc, signed(res).staff, body.data);
    res.redirect(303, '/console/chat#chat');
  });

  r.post('/console/chat/reset', form, requireCsrf, async (_req, res) => {
    await simReset(svc, signed(res).staff);
    res.redirect(303, '/console/chat');
  });

  // ---- staff roster (admins)
  r.get('/console/staff', async (req, res) => {
    if (!can.administer(signed(res).staff)) {
      res.status(403).type('html').send('Chỉ quản trị viên sửa được lịch trực.');
      return;
    }
    const [staff, onDuty] = await Promise.all([svc.staff.list(), svc.staff.onDuty(new Date(svc.now()))]);
    res.type('html').send(renderStaff(ctxOf(req, res), staff, new Set(onDuty.map((s) => s.username)), notice(req)));
  });

  r.post('/console/staff/:username', form, requireCsrf, async (req, res) => {
    const { staff } = signed(res);
    if (!can.administer(staff)) {
      res.status(403).type('html').send('Chỉ quản trị viên sửa được lịch trực.');
      return;
    }
    const body = z.object({ zaloUserId: z.string().trim().max(40), hours: z.string().trim().max(20) }).safeParse(req.body);
    const username = String(req.params.username ?? '');
    try {
      if (!body.success) throw new AppError(ErrorCodes.STAFF_INVALID, 'invalid form');
      await svc.staff.update(username, { zaloUserId: body.data.zaloUserId || undefined, hours: body.data.hours || undefined }, new Date(svc.now()));
      await svc.audit.record({ at: svc.now(), username: staff.username, action: 'edit_staff', detail: username });
      res.redirect(303, '/console/staff?msg=staff');
    } catch (err) {
      if (!isAppError(err)) throw err;
      const [list, onDuty] = await Promise.all([svc.staff.list(), svc.staff.onDuty(new Date(svc.now()))]);
      res.status(400).type('html').send(renderStaff(ctxOf(req, res), list, new Set(onDuty.map((s) => s.username)), undefined, `${username}: ${err.message}`));
    }
  });

  // ---- audit log
  r.get('/console/audit', async (req, res) => {
    if (!can.administer(signed(res).staff)) {
      res.status(403).type('html').send('Chỉ quản trị viên xem được nhật ký.');
      return;
    }
    const pageNo = Math.max(1, Number(req.query.page) || 1);
    const d = await svc.audit.page((pageNo - 1) * 100, 100, svc.now());
    res.type('html').send(renderAudit(ctxOf(req, res), { ...d, page: pageNo, pageSize: 100 }));
  });

  return r;
}
