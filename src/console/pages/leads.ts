import { z } from 'zod';
import { filterRange } from '../../leads/admin.ts';
import type { Agent, Lead } from '../../leads/types.ts';
import { LEAD_STATUSES, type LeadStatus } from '../../leads/types.ts';
import { can, leadFor, mayView, provinceScope } from '../access.ts';
import { html, num, viTime } from '../html.ts';
import type { ConsoleServices } from '../services.ts';
import type { StaffView } from '../staff.ts';
import { csrfField, page, qs, type PageContext } from './layout.ts';

export const PAGE_SIZE = 50;

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const blank = (v: unknown) => (v === '' ? undefined : v);
export const LeadFilterSchema = z.object({
  status: z.preprocess(blank, z.enum(LEAD_STATUSES).optional()),
  province: z.preprocess(blank, z.string().regex(/^\d{2}$/).optional()),
  ward: z.preprocess(blank, z.string().regex(/^\d{5}$/).optional()),
  agent: z.preprocess(blank, z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/).optional()),
  from: z.preprocess(blank, date.optional()),
  to: z.preprocess(blank, date.optional()),
  page: z.preprocess(blank, z.coerce.number().int().min(1).max(100_000).optional()),
});
export type LeadFilterInput = z.infer<typeof LeadFilterSchema>;

export const STATUS_LABEL: Record<LeadStatus, string> = {
  new: 'Mới', offered: 'Đang mời đại lý', accepted: 'Đại lý đã nhận', contacted: 'Đã liên hệ', registered: 'Đã đăng ký', declined: 'Bị từ chối', expired: 'Hết hạn',
};

const EVENT_LABEL: Record<string, string> = {
  created: 'Người dân để lại thông tin', offered: 'Mời đại lý', declined: 'Đại lý từ chối', timeout: 'Đại lý không trả lời kịp', unreachable: 'Đại lý ngoài cửa sổ Zalo 7 ngày',
  accepted: 'Đại lý nhận', contacted: 'Đại lý đã liên hệ', registered: 'Đã đăng ký', exhausted: 'Hết đại lý để mời', personal_data_deleted: 'Người dân xoá dữ liệu', reassigned: 'Cán bộ giao lại',
};

export interface LeadsData {
  filter: LeadFilterInput & { province?: string | undefined };
  total: number;
  page: number;
  pageSize: number;
  leads: Lead[];
}

/** The filter as the staff member may run it: province staff are held to their province. */
export function scopedFilter(staff: StaffView, f: LeadFilterInput): LeadFilterInput {
  return { ...f, province: provinceScope(staff, f.province) };
}

export async function loadLeads(svc: ConsoleServices, staff: StaffView, input: LeadFilterInput, pageSize = PAGE_SIZE): Promise<LeadsData> {
  const filter = scopedFilter(staff, input);
  const pageNo = filter.page ?? 1;
  const range = filterRange(filter);
  const found = await svc.leads.query({ status: filter.status, province: filter.province, ward: filter.ward, agent: filter.agent, ...range, offset: (pageNo - 1) * pageSize, limit: pageSize });
  return { filter, total: found.total, page: pageNo, pageSize, leads: found.leads.filter((l) => mayView(staff, l)).map((l) => leadFor(staff, l)) };
}

export function areaOf(l: Lead): string {
  if (l.location.kind === 'place') return l.location.label;
  if (l.location.kind === 'point') return 'Vị trí đã gửi';
  return '';
}

export function renderLeads(ctx: PageContext, d: LeadsData): string {
  const f = d.filter;
  const pages = Math.max(1, Math.ceil(d.total / d.pageSize));
  const keep = { status: f.status, province: f.province, ward: f.ward, agent: f.agent, from: f.from, to: f.to };
  const provinceLocked = ctx.staff.role === 'province';
  return page(
    'Khách quan tâm',
    html`<form class="filters" method="get" action="/console/leads">
<label>Trạng thái<select name="status"><option value="">Tất cả</option>${LEAD_STATUSES.map((s) => html`<option value="${s}" ${f.status === s ? html`selected` : ''}>${STATUS_LABEL[s]}</option>`)}</select></label>
<label>Tỉnh (mã)<input name="province" value="${f.province ?? ''}" size="3" inputmode="numeric" ${provinceLocked ? html`readonly` : ''}></label>
<label>Xã/phường (mã)<input name="ward" value="${f.ward ?? ''}" size="6" inputmode="numeric"></label>
<label>Đại lý<input name="agent" value="${f.agent ?? ''}" size="8"></label>
<label>Từ ngày<input type="date" name="from" value="${f.from ?? ''}"></label>
<label>Đến ngày<input type="date" name="to" value="${f.to ?? ''}"></label>
<button type="submit">Lọc</button>
${can.export(ctx.staff) ? html`<a class="button secondary" href="/console/leads.csv${qs(keep)}">Tải CSV (Excel)</a>` : ''}
</form>
<p class="muted">${num(d.total)} khách${d.total > 0 ? html`, trang ${num(d.page)}/${num(pages)}` : ''}. ${can.seePersonalData(ctx.staff) ? 'Lần xem này được ghi nhật ký.' : 'Tài khoản chỉ xem: họ tên và số điện thoại được che.'}</p>
<div class="table"><table>
<thead><tr><th>Ngày</th><th>Họ tên</th><th>Điện thoại</th><th>Khu vực</th><th>Trạng thái</th><th>Đại lý</th><th>Kênh</th></tr></thead>
<tbody>${d.leads.map(
      (l) => html`<tr><td><a href="/console/leads/${l.id}">${viTime(l.createdAt)}</a></td><td>${l.personalDataDeleted ? html`<span class="muted">đã xoá</span>` : (l.name ?? '')}</td><td>${l.phone ?? ''}</td><td class="wrap">${areaOf(l)}${l.wardCode ? html` <span class="muted">(${l.wardCode})</span>` : ''}</td><td>${STATUS_LABEL[l.status]}</td><td>${l.assignedAgentId ?? ''}</td><td>${l.channel}</td></tr>`,
    )}</tbody></table></div>
<div class="pager">${d.page > 1 ? html`<a href="/console/leads${qs({ ...keep, page: d.page - 1 })}">← Trước</a>` : ''}${d.page < pages ? html`<a href="/console/leads${qs({ ...keep, page: d.page + 1 })}">Sau →</a>` : ''}</div>`,
    ctx,
  );
}

export function renderLead(ctx: PageContext, lead: Lead, agents: Agent[], notice?: string, error?: string): string {
  return page(
    `Khách ${lead.id}`,
    html`${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}${error ? html`<p class="error" role="alert">${error}</p>` : ''}
<div class="card"><p><b>${lead.name ?? '(không tên)'}</b> · ${lead.phone ?? ''}</p>
<p>${areaOf(lead)} · tỉnh ${lead.provinceCode ?? '?'}${lead.wardCode ? html` · xã/phường ${lead.wardCode}` : ''} · ${lead.channel}</p>
<p>Trạng thái: <b>${STATUS_LABEL[lead.status]}</b>${lead.assignedAgentId ? html` · đại lý ${lead.assignedAgentId}` : ''}</p>
<p class="muted">Đồng ý ${lead.consent.version} lúc ${viTime(lead.consent.at)}</p></div>
<h2>Diễn biến</h2><ol class="timeline">${lead.history.map(
      (h) => html`<li><b>${viTime(h.at)}</b> ${EVENT_LABEL[h.event] ?? h.event}${h.agentId ? html` · ${h.agentId}` : ''}${h.by ? html` · bởi ${h.by}` : ''}</li>`,
    )}</ol>
${can.reassign(ctx.staff) && lead.status !== 'registered' ? html`<h2>Giao cho đại lý khác</h2>
<form class="filters" method="post" action="/console/leads/${lead.id}/reassign">${csrfField(ctx)}
<label>Đại lý<select name="agentId" required>${agents.map((a) => html`<option value="${a.id}" ${a.id === lead.assignedAgentId ? html`disabled` : ''}>${a.id} · ${a.name} (${a.wardCode})</option>`)}</select></label>
<button type="submit">Giao lại</button></form>` : ''}
<p><a href="/console/leads">← Danh sách</a></p>`,
    ctx,
  );
}
