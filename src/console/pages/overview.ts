import { LEAD_STATUSES, type LeadStatus } from '../../leads/types.ts';
import { FUNNEL_STEPS, type FunnelStep } from '../funnel.ts';
import { html, num } from '../html.ts';
import { STEP_LABEL } from './funnel.ts';
import { page, type PageContext } from './layout.ts';
import { STATUS_LABEL } from './leads.ts';

export interface OverviewData {
  province: string | undefined;
  leadsByStatus: Record<LeadStatus, number>;
  week: Record<FunnelStep, number>;
  openTickets: number | undefined;
  unanswered: number;
  darkAgents: number;
}

export function renderOverview(ctx: PageContext, d: OverviewData): string {
  return page(
    d.province ? `Tổng quan · tỉnh ${d.province}` : 'Tổng quan',
    html`<div class="stats">
${d.openTickets !== undefined ? html`<a class="stat" href="/console/tickets"><b class="${d.openTickets ? 'warn' : ''}">${num(d.openTickets)}</b>yêu cầu gặp cán bộ đang mở</a>` : ''}
<a class="stat" href="/console/leads?status=new"><b>${num(d.leadsByStatus.new + d.leadsByStatus.offered)}</b>khách chờ đại lý nhận</a>
<a class="stat" href="/console/agents"><b class="${d.darkAgents ? 'warn' : ''}">${num(d.darkAgents)}</b>đại lý ngoài cửa sổ Zalo</a>
<a class="stat" href="/console/unanswered"><b>${num(d.unanswered)}</b>câu chưa hiểu (30 ngày)</a></div>
<h2>7 ngày qua</h2><div class="stats">${FUNNEL_STEPS.map((s) => html`<div class="stat"><b>${num(d.week[s])}</b>${STEP_LABEL[s]}</div>`)}</div>
<h2>Khách theo trạng thái</h2><div class="stats">${LEAD_STATUSES.map((s) => html`<a class="stat" href="/console/leads?status=${s}"><b>${num(d.leadsByStatus[s])}</b>${STATUS_LABEL[s]}</a>`)}</div>`,
    ctx,
  );
}
