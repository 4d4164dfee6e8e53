import { randomBytes } from 'node:crypto';
import type { InboundEvent } from '../channels/types.ts';
import type { Session } from '../conversation/types.ts';
import { parseAgentsCsv } from '../leads/agents-csv.ts';
import { decodeCsv } from '../leads/csv-file.ts';
import { LEAD_STATUSES, type Agent, type LeadStatus } from '../leads/types.ts';
import { isAppError } from '../errors.ts';
import { vietnamDate } from '../insurance/calendar.ts';
import { can, leadFor, mayView, provinceScope } from './access.ts';
import { loadAgents } from './pages/agents.ts';
import type { SimLine } from './pages/chat.ts';
import type { OverviewData } from './pages/overview.ts';
import type { TargetRow } from './pages/targets.ts';
import type { ConsoleServices } from './services.ts';
import type { StaffView } from './staff.ts';
import { parseTargetsCsv } from './targets.ts';

/**
 * What the console's pages and its JSON API do, once: both call these, so `/console/*` and `/api/v1/admin/*` show
 * the same data under the same role rules.
 */
export async function loadOverview(svc: ConsoleServices, staff: StaffView): Promise<OverviewData> {
  const province = provinceScope(staff, undefined);
  const counts = await Promise.all(LEAD_STATUSES.map((status) => svc.leads.query({ status, province, limit: 0 }).then((p) => p.total)));
  const days = Array.from({ length: 7 }, (_, i) => vietnamDate(new Date(svc.now() - i * 86_400_000)));
  const [week, tickets, unanswered, agents] = await Promise.all([
    svc.funnel.read(days, { province }, 'day'),
    svc.tickets?.list('open', { limit: 500 }),
    svc.unanswered.groups(svc.now(), 0),
    loadAgents(svc, staff, undefined),
  ]);
  return {
    province,
    leadsByStatus: Object.fromEntries(LEAD_STATUSES.map((s, i) => [s, counts[i]!])) as Record<LeadStatus, number>,
    week: week.total,
    openTickets: tickets?.length,
    unanswered: unanswered.total,
    darkAgents: agents.dark,
  };
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; status: number; message: string };
const fail = (status: number, message: string): { ok: false; status: number; message: string } => ({ ok: false, status, message });

export async function viewLead(svc: ConsoleServices, staff: StaffView, id: string, ip: string | undefined) {
  const lead = await svc.leads.get(id);
  if (!lead || !mayView(staff, lead)) return undefined;
  await svc.audit.record({ at: svc.now(), username: staff.username, action: 'view_lead', detail: `lead ${id}`, ...(ip ? { ip } : {}) });
  const agents = lead.provinceCode ? await svc.agents.inProvince(lead.provinceCode) : [];
  return { lead: leadFor(staff, lead), agents };
}

export async function reassignLead(svc: ConsoleServices, staff: StaffView, id: string, agentId: string, ip: string | undefined): Promise<Outcome<string>> {
  if (!can.reassign(staff)) return fail(403, 'Tài khoản chỉ xem không giao lại được.');
  const lead = await svc.leads.get(id);
  if (!lead || !mayView(staff, lead)) return fail(404, 'Không tìm thấy khách.');
  const agent = await svc.agents.get(agentId);
  if (!agent || !agent.active || (staff.role === 'province' && agent.provinceCode !== staff.province)) return fail(400, 'Đại lý không có hoặc đã nghỉ.');
  if (lead.status === 'registered') return fail(409, 'Khách đã đăng ký, không giao lại.');
  await svc.leadService.reassign(id, agentId, staff.username);
  await svc.audit.record({ at: svc.now(), username: staff.username, action: 'reassign_lead', detail: `lead ${id} → ${agentId}`, ...(ip ? { ip } : {}) });
  return { ok: true, value: `Đã giao cho ${agent.name} (${agent.id}); đại lý sẽ nhận tin mời trên Zalo.` };
}

export async function closeTicket(svc: ConsoleServices, staff: StaffView, id: string, ip: string | undefined): Promise<Outcome<string>> {
  if (!svc.tickets) return fail(404, 'Chức năng chuyển cho cán bộ chưa bật.');
  if (!can.closeTicket(staff)) return fail(403, 'Tài khoản chỉ xem không đóng được yêu cầu.');
  const { closed: changed } = await svc.tickets.close(id, staff.username);
  await svc.audit.record({ at: svc.now(), username: staff.username, action: 'close_ticket', detail: `ticket ${id}`, ...(ip ? { ip } : {}) });
  return { ok: true, value: changed ? 'Đã đóng yêu cầu; người dùng được báo và trợ lý trả lời lại.' : 'Yêu cầu này đã đóng trước đó.' };
}

export async function labelQuestions(svc: ConsoleServices, staff: StaffView, ids: string[], intent: string): Promise<Outcome<string>> {
  if (!can.label(staff)) return fail(403, 'Tài khoản chỉ xem không gán nhãn được.');
  const n = await svc.unanswered.label(ids.slice(0, 200), intent, staff.username, svc.now());
  await svc.audit.record({ at: svc.now(), username: staff.username, action: 'label_question', detail: `${n} → ${intent}` });
  return { ok: true, value: `Đã gán nhãn ${n} câu là “${intent}”; chúng vào danh sách chờ duyệt.` };
}

const PENDING_TTL_S = 15 * 60;

/** Checks an agents file and keeps it for 15 minutes under a token, for the confirm step. */
export async function previewAgents(svc: ConsoleServices, bytes: Buffer): Promise<{ token: string; encoding: string; agents?: Agent[]; errors: string[] }> {
  let encoding = '?';
  try {
    const decoded = decodeCsv(bytes, 'Tệp');
    encoding = decoded.notice ? `${decoded.encoding} (đã chuyển sang UTF-8)` : decoded.encoding;
    const agents = parseAgentsCsv(decoded.text);
    const token = randomBytes(16).toString('base64url');
    await svc.store.set(`cimport:${token}`, JSON.stringify(agents), PENDING_TTL_S);
    return { token, encoding, agents, errors: [] };
  } catch (err) {
    if (!isAppError(err)) throw err;
    const errors = (err.details.errors as { line: number; field: string; message: string }[] | undefined)?.map((e) => `dòng ${e.line}, ${e.field}: ${e.message}`) ?? [err.message];
    return { token: '', encoding, errors };
  }
}

export async function confirmAgents(svc: ConsoleServices, staff: StaffView, token: string): Promise<Outcome<string>> {
  if (!can.administer(staff)) return fail(403, 'Chỉ quản trị viên thay được danh sách đại lý.');
  const raw = /^[\w-]{22}$/.test(token) ? await svc.store.get(`cimport:${token}`) : null;
  if (raw === null) return fail(410, 'Bản xem trước đã hết hạn, vui lòng tải tệp lên lại.');
  const agents = JSON.parse(raw) as Agent[];
  await svc.agents.replaceAll(agents);
  await svc.store.del(`cimport:${token}`);
  await svc.audit.record({ at: svc.now(), username: staff.username, action: 'import_agents', detail: `${agents.length} agents` });
  return { ok: true, value: `Đã thay danh sách: ${agents.length} đại lý.` };
}

export async function importTargets(svc: ConsoleServices, staff: StaffView, bytes: Buffer): Promise<Outcome<string>> {
  if (!can.administer(staff)) return fail(403, 'Chỉ quản trị viên nhập được chỉ tiêu.');
  try {
    const targets = parseTargetsCsv(decodeCsv(bytes, 'Tệp').text);
    await svc.targets.replace(targets);
    await svc.audit.record({ at: svc.now(), username: staff.username, action: 'import_targets', detail: `${targets.length} rows` });
    return { ok: true, value: `Đã nhập ${targets.length} chỉ tiêu.` };
  } catch (err) {
    if (isAppError(err)) return fail(400, err.message);
    throw err;
  }
}

export async function loadTargets(svc: ConsoleServices, staff: StaffView, year: string): Promise<{ year: string; rows: TargetRow[] }> {
  const [targets, registered] = await Promise.all([svc.targets.forYear(year), svc.funnel.registeredInYear(year)]);
  const province = provinceScope(staff, undefined);
  return {
    year,
    rows: targets.filter((t) => !province || t.province === province).map((t) => ({ ...t, registered: registered.get(`${t.province}|${t.ward}`) ?? 0 })),
  };
}

/** The chat simulator: the real engine on a session kept per staff member, with no side effects (nothing stored, nothing sent). */
interface SimState {
  session: Session | undefined;
  lines: SimLine[];
}
const simKey = (username: string) => `csim:${username}`;

export async function simState(svc: ConsoleServices, staff: StaffView): Promise<SimState> {
  const raw = await svc.store.get(simKey(staff.username));
  return raw === null ? { session: undefined, lines: [] } : (JSON.parse(raw) as SimState);
}

export async function simSay(svc: ConsoleServices, staff: StaffView, input: { text?: string; payload?: string }): Promise<SimState> {
  const state = await simState(svc, staff);
  const now = svc.now();
  const base = { channel: 'console' as const, userId: `sim:${staff.username}`, eventId: `sim-${now}-${randomBytes(3).toString('hex')}`, timestamp: now };
  const event: InboundEvent = input.payload ? { ...base, kind: 'payload', payload: input.payload } : { ...base, kind: 'text', text: input.text ?? '' };
  const shown = input.payload ? ([...state.lines].reverse().find((l) => l.choices?.some((c) => c.payload === input.payload))?.choices?.find((c) => c.payload === input.payload)?.title ?? input.payload) : (input.text ?? '');
  const result = svc.engine.turn(state.session, event, new Date(now));
  const lines: SimLine[] = [...state.lines, { from: 'user', text: shown }];
  for (const m of result.messages) {
    if (m.kind === 'text') lines.push({ from: 'bot', text: m.text, ...(m.choices?.length ? { choices: m.choices } : {}) });
    else if (m.kind === 'request_contact') lines.push({ from: 'bot', text: `${m.title}\n${m.subtitle}` });
    else if (m.kind === 'request_location') lines.push({ from: 'bot', text: m.text });
    else lines.push({ from: 'note', text: `(chuyển cuộc trò chuyện cho ${m.to === 'inbox' ? 'hộp thư của Trang' : 'trợ lý'})` });
  }
  for (const e of result.events) lines.push({ from: 'note', text: `(sự kiện ${e.type}: trong chat thử không lưu, không gửi)` });
  const next = { session: result.session, lines: lines.slice(-80) };
  await svc.store.set(simKey(staff.username), JSON.stringify(next), 86_400);
  return next;
}

export async function simReset(svc: ConsoleServices, staff: StaffView): Promise<void> {
  await svc.store.del(simKey(staff.username));
}
