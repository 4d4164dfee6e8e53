import type { Agent } from '../../leads/types.ts';
import { can, maskPhone, provinceScope } from '../access.ts';
import type { AgentFigures } from '../agent-stats.ts';
import { html, num } from '../html.ts';
import type { ConsoleServices } from '../services.ts';
import type { StaffView } from '../staff.ts';
import { csrfField, page, qs, type PageContext } from './layout.ts';

export interface AgentRow {
  agent: Agent;
  /** Days left in Zalo's messaging window (0 when closed: notices cannot reach the agent). */
  daysLeft: number;
  figures: AgentFigures;
}

export const AGENTS_PAGE = 100;

export interface AgentsData {
  province: string | undefined;
  /** Agents in scope, active ones first, those about to go dark first. */
  total: number;
  active: number;
  page: number;
  rows: AgentRow[];
  /** Active agents the OA can no longer write to, and those whose window closes within 2 days. */
  dark: number;
  closingSoon: number;
}

export async function loadAgents(svc: ConsoleServices, staff: StaffView, askedProvince: string | undefined, pageNo = 1): Promise<AgentsData> {
  const province = provinceScope(staff, askedProvince);
  const [all, stats] = await Promise.all([svc.agents.all(), svc.agentStats.all()]);
  const agents = all.filter((a) => !province || a.provinceCode === province);
  const last = await svc.agentReach.lastSeen(all.map((a) => a.zaloUserId));
  const now = svc.now();
  const rows = agents.map((agent) => {
    const at = last.get(agent.zaloUserId);
    const daysLeft = at !== undefined ? Math.max(0, (at + svc.zaloWindowSeconds * 1000 - now) / 86_400_000) : 0;
    const masked = can.seePersonalData(staff) ? agent : { ...agent, phone: maskPhone(agent.phone) ?? '' };
    return { agent: masked, daysLeft, figures: stats.get(agent.id) ?? { offered: 0, accepted: 0, medianAcceptMinutes: undefined } };
  });
  rows.sort((a, b) => Number(b.agent.active) - Number(a.agent.active) || a.daysLeft - b.daysLeft);
  const active = rows.filter((r) => r.agent.active);
  return {
    province,
    total: rows.length,
    active: active.length,
    page: pageNo,
    rows: rows.slice((pageNo - 1) * AGENTS_PAGE, pageNo * AGENTS_PAGE),
    dark: active.filter((r) => r.daysLeft === 0).length,
    closingSoon: active.filter((r) => r.daysLeft > 0 && r.daysLeft < 2).length,
  };
}

const median = (m: number | undefined) => (m === undefined ? '–' : m === Infinity ? '> 1 ngày' : `≤ ${num(m)} phút`);

export function renderAgents(ctx: PageContext, d: AgentsData, notice?: string): string {
  return page(
    'Đại lý thu',
    html`${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
<div class="stats"><div class="stat"><b>${num(d.active)}</b>đang hoạt động</div>
<div class="stat"><b class="${d.dark ? 'warn' : ''}">${num(d.dark)}</b>ngoài cửa sổ Zalo (không nhận được tin)</div>
<div class="stat"><b class="${d.closingSoon ? 'warn' : ''}">${num(d.closingSoon)}</b>còn dưới 2 ngày</div></div>
<p class="muted">Zalo chỉ cho OA nhắn đại lý trong 7 ngày sau tin nhắn cuối của họ. Nhắc đại lý nhắn một tin bất kỳ tới OA để giữ liên lạc.</p>
<form class="filters" method="get" action="/console/agents"><label>Tỉnh (mã)<input name="province" value="${d.province ?? ''}" size="3" ${ctx.staff.role === 'province' ? html`readonly` : ''}></label><button type="submit">Lọc</button></form>
<div class="table"><table><thead><tr><th>Mã</th><th>Tên</th><th>Xã/phường</th><th>Điện thoại</th><th>Còn liên lạc Zalo</th><th>Được mời</th><th>Đã nhận</th><th>Thời gian nhận (trung vị)</th></tr></thead>
<tbody>${d.rows.map(
      (r) => html`<tr><td>${r.agent.id}</td><td>${r.agent.name}${r.agent.active ? '' : html` <span class="muted">(nghỉ)</span>`}${r.agent.sample ? html` <span class="muted">(mẫu)</span>` : ''}</td><td>${r.agent.wardCode}</td><td>${r.agent.phone}</td>
<td class="${r.daysLeft === 0 ? 'warn' : r.daysLeft < 2 ? 'warn' : 'ok'}">${r.daysLeft === 0 ? 'Đã hết hạn' : `${r.daysLeft.toLocaleString('vi-VN', { maximumFractionDigits: 1 })} ngày`}</td>
<td>${num(r.figures.offered)}</td><td>${num(r.figures.accepted)}</td><td>${median(r.figures.medianAcceptMinutes)}</td></tr>`,
    )}</tbody></table></div>
<div class="pager">${d.page > 1 ? html`<a href="/console/agents${qs({ province: d.province, page: d.page - 1 })}">← Trước</a>` : ''}<span class="muted">${num(d.total)} đại lý</span>${d.page * AGENTS_PAGE < d.total ? html`<a href="/console/agents${qs({ province: d.province, page: d.page + 1 })}">Sau →</a>` : ''}</div>
${can.administer(ctx.staff) ? html`<h2>Nhập danh sách đại lý (CSV)</h2>
<form class="card" method="post" action="/console/agents/import" enctype="multipart/form-data">${csrfField(ctx)}
<p class="muted">Tệp CSV cột id,name,kind,phone,zalo_user_id,ward_code,province_code,lat,lon,address,hours,active. Xem trước rồi mới thay danh sách.</p>
<input type="file" name="file" accept=".csv,text/csv" required> <button type="submit">Xem trước</button></form>` : ''}`,
    ctx,
  );
}

export function renderAgentsPreview(ctx: PageContext, token: string, encoding: string, agents: Agent[] | undefined, errors: string[]): string {
  return page(
    'Xem trước danh sách đại lý',
    html`<p class="muted">Mã hoá nhận ra: ${encoding}</p>
${errors.length ? html`<div class="error" role="alert"><p>Tệp bị từ chối, chưa nhập gì:</p><ul>${errors.slice(0, 30).map((e) => html`<li>${e}</li>`)}</ul></div>` : ''}
${agents ? html`<p>${num(agents.length)} đại lý (${num(agents.filter((a) => a.active).length)} đang hoạt động). 20 dòng đầu:</p>
<div class="table"><table><thead><tr><th>Mã</th><th>Tên</th><th>Loại</th><th>Xã/phường</th><th>Tỉnh</th><th>Hoạt động</th></tr></thead><tbody>
${agents.slice(0, 20).map((a) => html`<tr><td>${a.id}</td><td>${a.name}</td><td>${a.kind}</td><td>${a.wardCode}</td><td>${a.provinceCode}</td><td>${a.active ? 'có' : 'không'}</td></tr>`)}</tbody></table></div>
<form method="post" action="/console/agents/import/confirm">${csrfField(ctx)}<input type="hidden" name="token" value="${token}"><button type="submit">Thay danh sách bằng tệp này</button></form>` : ''}
<p><a href="/console/agents">← Đại lý</a></p>`,
    ctx,
  );
}
