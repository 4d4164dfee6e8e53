import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { AU_LAU } from '../leads/fixtures.ts';
import { until } from '../support/fakes.ts';
import { ConsoleClient, ev, startConsoleApp, submitLeadAsUser, drain, type ConsoleApp } from './harness.ts';

/** Hà Nội, Ba Đình: agent H1 (province 01). */
const BA_DINH = { lat: 21.03853, lon: 105.83806 };

describe('office console over HTTP (Redis)', () => {
  let app: ConsoleApp;
  let laoCaiLead: string;
  let hanoiLead: string;

  beforeAll(async () => {
    app = await startConsoleApp({ adminToken: 'test-admin-token' });
    await submitLeadAsUser(app, 'zalo', 'lan-user', { name: 'Phạm Thị Lan', phone: '0912 345 678', ...AU_LAU });
    await submitLeadAsUser(app, 'messenger', 'ha-user', { name: 'Vũ Thị Hà', phone: '0987 654 321', ...BA_DINH });
    const all = (await app.svc.leads.query({ limit: 10 })).leads;
    laoCaiLead = all.find((l) => l.provinceCode === '15')!.id;
    hanoiLead = all.find((l) => l.provinceCode === '01')!.id;
  });
  afterAll(async () => app.stop());

  it('sends an unsigned visitor to the login form, and the form posts username and password', async () => {
    const c = new ConsoleClient(app.base);
    const res = await c.request('/console/leads');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/console/login?next=%2Fconsole%2Fleads');
    const login = await c.page('/console/login');
    expect(login.html).toContain('name="username"');
    expect(login.html).toContain('name="password"');
    expect((await c.login('quantri', 'wrong password')).status).toBe(401);
    const ok = await c.login('quantri');
    expect(ok.status).toBe(303);
    const cookie = ok.headers.getSetCookie().find((s) => s.startsWith('bhxh_console='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toMatch(/Secure/); // plain http here; Secure behind HTTPS
    const https = await new ConsoleClient(app.base).request('/console/login', { headers: { 'x-forwarded-proto': 'https' } });
    expect(https.headers.getSetCookie()[0]).toMatch(/Secure/);
  });

  it('shows the admin every lead, with the timeline, and exports Excel-safe CSV', async () => {
    const c = new ConsoleClient(app.base);
    await c.login('quantri');
    const list = await c.page('/console/leads');
    expect(list.html).toContain('Phạm Thị Lan');
    expect(list.html).toContain('Vũ Thị Hà');
    const detail = await c.page(`/console/leads/${laoCaiLead}`);
    expect(detail.html).toContain('Người dân để lại thông tin');
    expect(detail.html).toContain('Mời đại lý');
    const csv = await c.request('/console/leads.csv?province=15');
    const body = Buffer.from(await csv.arrayBuffer());
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = body.toString('utf8');
    expect(text).toContain('"=""+84912345678"""');
    expect(text).not.toContain('Vũ Thị Hà');
  });

  it('never shows province staff another province’s leads, whatever they ask for', async () => {
    const c = new ConsoleClient(app.base);
    await c.login('lan');
    const mine = await c.page('/console/leads?province=01');
    expect(mine.html).toContain('Phạm Thị Lan');
    expect(mine.html).not.toContain('Vũ Thị Hà');
    expect((await c.page(`/console/leads/${hanoiLead}`)).status).toBe(404);
    const csv = await (await c.request('/console/leads.csv?province=01')).text();
    expect(csv).not.toContain('+84987654321');
    const api = (await (await c.request('/api/v1/admin/leads?province=01')).json()) as { total: number; leads: { provinceCode: string }[] };
    expect(api.leads.every((l) => l.provinceCode === '15')).toBe(true);
    expect(api.total).toBe(1);
    const other = new ConsoleClient(app.base);
    await other.login('ha');
    const theirs = await other.page('/console/leads');
    expect(theirs.html).toContain('Vũ Thị Hà');
    expect(theirs.html).not.toContain('Phạm Thị Lan');
    const reassign = await other.request(`/console/leads/${laoCaiLead}/reassign`, { form: { agentId: 'H1', _csrf: other.csrf } });
    expect(reassign.status).toBe(404);
  });

  it('masks personal data for viewers and refuses them the export', async () => {
    const c = new ConsoleClient(app.base);
    await c.login('xem');
    const list = await c.page('/console/leads');
    expect(list.html).not.toContain('Phạm Thị Lan');
    expect(list.html).toContain('P. T. L.');
    expect(list.html).not.toContain('+84912345678');
    expect((await c.request('/console/leads.csv')).status).toBe(403);
  });

  it('refuses a POST without the CSRF token, and reassigns with it', async () => {
    const c = new ConsoleClient(app.base);
    await c.login('quantri');
    await c.page(`/console/leads/${laoCaiLead}`);
    const forged = await c.request(`/console/leads/${laoCaiLead}/reassign`, { form: { agentId: 'A3' } });
    expect(forged.status).toBe(403);
    const wrong = await c.request(`/console/leads/${laoCaiLead}/reassign`, { form: { agentId: 'A3', _csrf: 'x'.repeat(32) } });
    expect(wrong.status).toBe(403);
    expect((await app.svc.leads.get(laoCaiLead))!.assignedAgentId).toBe('A1');
    const api = await c.request(`/api/v1/admin/leads/${laoCaiLead}/reassign`, { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ agentId: 'A3' }) });
    expect(api.status).toBe(403);
    const done = await c.request(`/console/leads/${laoCaiLead}/reassign`, { form: { agentId: 'A3', _csrf: c.csrf } });
    expect(done.status).toBe(303);
    const lead = (await app.svc.leads.get(laoCaiLead))!;
    expect(lead.assignedAgentId).toBe('A3');
    expect(lead.history.at(-1)).toMatchObject({ event: 'reassigned', agentId: 'A3', by: 'quantri' });
    expect((await app.svc.leads.query({ agent: 'A3', limit: 5 })).leads.map((l) => l.id)).toEqual([laoCaiLead]);
  });

  it('refuses a login form posted without its pre-login token', async () => {
    const c = new ConsoleClient(app.base);
    const res = await c.request('/console/login', { form: { username: 'quantri', password: 'mat-khau-thu-nghiem' } });
    expect(res.status).toBe(403);
  });

  it('keeps who viewed and exported personal data in the audit log', async () => {
    const { records } = await app.svc.audit.page(0, 200, Date.now());
    const seen = records.map((r) => `${r.username}:${r.action}`);
    expect(seen).toContain('quantri:export_leads');
    expect(seen).toContain('lan:view_leads');
    expect(seen).toContain('quantri:view_lead');
    expect(seen).toContain('quantri:reassign_lead');
    expect(seen).not.toContain('xem:view_leads'); // viewers see masked lists only
    expect(JSON.stringify(records)).not.toContain('0912');
  });

  it('answers the JSON API with the admin token, and 401 without', async () => {
    expect((await fetch(`${app.base}/api/v1/admin/leads`)).status).toBe(401);
    const res = await fetch(`${app.base}/api/v1/admin/funnel?days=7`, { headers: { authorization: 'Bearer test-admin-token' } });
    const funnel = (await res.json()) as { total: Record<string, number> };
    expect(funnel.total.lead).toBe(2);
    expect(funnel.total.conversation).toBeGreaterThanOrEqual(2);
    expect(funnel.total.estimate).toBe(2);
    const legacy = (await (await fetch(`${app.base}/admin/leads?province=15`, { headers: { authorization: 'Bearer test-admin-token' } })).json()) as { count: number };
    expect(legacy.count).toBe(1);
  });

  it('keeps what the bot did not understand, redacted, and staff label it into the reviewable list', async () => {
    await app.rt.handleEvent(ev.text('zalo', 'q-user', 'con mèo nhà tôi tên là Mướp, số 0903 111 222 thì sao'));
    await app.rt.handleEvent(ev.text('zalo', 'q-user2', 'con mèo nhà em tên là Vàng thì sao'));
    await drain(app);
    await new Promise((r) => setTimeout(r, 50));
    const c = new ConsoleClient(app.base);
    await c.login('lan');
    const page = await c.page('/console/unanswered');
    expect(page.html).toContain('[số điện thoại]');
    expect(page.html).not.toContain('0903');
    expect(page.html).toContain('2 lần');
    const ids = /name="ids" value="([^"]+)"/.exec(page.html)![1]!;
    const res = await c.request('/console/unanswered/label', { form: { ids, intent: 'what_is', _csrf: c.csrf } });
    expect(res.status).toBe(303);
    const jsonl = await (await c.request('/console/unanswered/labelled.jsonl')).text();
    const rows = jsonl.trim().split('\n').map((l) => JSON.parse(l) as { text: string; intent: string; by: string });
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.intent === 'what_is' && r.by === 'lan' && !r.text.includes('0903'))).toBe(true);
    const yaml = parseYaml(await (await c.request('/console/unanswered/labelled/what_is.yaml')).text()) as { intent: string; examples: string[] };
    expect(yaml.intent).toBe('what_is');
    expect(yaml.examples).toHaveLength(2);
    expect(yaml.examples.join(' ')).toContain('[số điện thoại]');
  });

  it('lists a handoff ticket and closes it; the on-duty staff member was told on Zalo', async () => {
    await app.rt.handleEvent(ev.text('messenger', 'help-user', 'chào'));
    await app.rt.handleEvent(ev.text('messenger', 'help-user', 'cho tôi gặp nhân viên'));
    await until(() => app.zalo.sent.some((s) => s.userId === '7000000000000000001'));
    const c = new ConsoleClient(app.base);
    await c.login('lan');
    const list = await c.page('/console/tickets');
    expect(list.html).toContain('1 yêu cầu đang mở');
    const id = /action="\/console\/tickets\/([^/]+)\/close"/.exec(list.html)![1]!;
    expect((await c.request(`/console/tickets/${id}/close`, { form: {} })).status).toBe(403);
    expect((await c.request(`/console/tickets/${id}/close`, { form: { _csrf: c.csrf } })).status).toBe(303);
    const after = await c.page('/console/tickets?msg=closed');
    expect(after.html).toContain('0 yêu cầu đang mở');
    expect(after.html).toContain('Đã đóng yêu cầu');
  });

  it('lets admins edit the handoff roster (Zalo id, hours) and nobody else', async () => {
    const admin = new ConsoleClient(app.base);
    await admin.login('quantri');
    await admin.page('/console/staff');
    expect((await admin.request('/console/staff/xem', { form: { zaloUserId: '7000000000000000009', hours: '7:30', _csrf: admin.csrf } })).status).toBe(400);
    expect((await admin.request('/console/staff/xem', { form: { zaloUserId: '7000000000000000009', hours: '07:30-17:00', _csrf: admin.csrf } })).status).toBe(303);
    expect(await app.svc.staff.get('xem')).toMatchObject({ zaloUserId: '7000000000000000009', hours: '07:30-17:00' });
    const lan = new ConsoleClient(app.base);
    await lan.login('lan');
    expect((await lan.page('/console/staff')).status).toBe(403);
    expect((await lan.request('/console/staff/xem', { form: { zaloUserId: '', hours: '', _csrf: lan.csrf } })).status).toBe(403);
  });

  it('limits login attempts per username', async () => {
    const c = new ConsoleClient(app.base);
    for (let i = 0; i < 5; i++) expect((await c.login('ha', 'sai mat khau')).status).toBe(401);
    expect((await c.login('ha')).status).toBe(429);
  });
});
