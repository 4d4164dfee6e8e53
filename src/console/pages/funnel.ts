import { z } from 'zod';
import { vietnamDate } from '../../insurance/calendar.ts';
import { provinceScope } from '../access.ts';
import { daysBetween, FUNNEL_STEPS, type FunnelRow, type FunnelStep, type StepDropoff } from '../funnel.ts';
import { html, num } from '../html.ts';
import type { ConsoleServices } from '../services.ts';
import type { StaffView } from '../staff.ts';
import { barChart } from './chart.ts';
import { page, type PageContext } from './layout.ts';

const blank = (v: unknown) => (v === '' ? undefined : v);
export const FunnelQuerySchema = z.object({
  period: z.preprocess(blank, z.enum(['day', 'week']).default('day')),
  days: z.preprocess(blank, z.coerce.number().int().min(1).max(92).default(30)),
  province: z.preprocess(blank, z.string().regex(/^\d{2}$/).optional()),
  ward: z.preprocess(blank, z.string().regex(/^\d{5}$/).optional()),
});
export type FunnelQuery = z.infer<typeof FunnelQuerySchema>;

export const STEP_LABEL: Record<FunnelStep, string> = {
  conversation: 'Trò chuyện', estimate: 'Xem ước tính', lead: 'Để lại liên hệ', accepted: 'Đại lý nhận', contacted: 'Đã liên hệ', registered: 'Đã đăng ký',
};
const COLORS = ['#9bb8d8', '#5b8fc7', '#0b5cab', '#e0a030', '#c46a1b', '#1d7a3a'];

export interface FunnelData {
  query: FunnelQuery;
  from: string;
  to: string;
  rows: FunnelRow[];
  byPlace: { place: string; counts: Record<FunnelStep, number> }[];
  total: Record<FunnelStep, number>;
  dropoff: StepDropoff[];
}

export async function loadFunnel(svc: ConsoleServices, staff: StaffView, q: FunnelQuery): Promise<FunnelData> {
  const query = { ...q, province: provinceScope(staff, q.province) };
  const to = vietnamDate(new Date(svc.now()));
  const from = vietnamDate(new Date(svc.now() - (query.days - 1) * 86_400_000));
  const days = daysBetween(from, to);
  const [read, dropoff] = await Promise.all([svc.funnel.read(days, { province: query.province, ward: query.ward }, query.period), svc.funnel.dropoff(days)]);
  return { query, from, to, ...read, dropoff: dropoff.slice(0, 30) };
}

const pct = (a: number, b: number) => (b > 0 ? `${(Math.round((a / b) * 1000) / 10).toLocaleString('vi-VN')} %` : '–');

export function renderFunnel(ctx: PageContext, d: FunnelData): string {
  const q = d.query;
  const chart = barChart(
    d.rows.map((r) => r.period),
    FUNNEL_STEPS.map((s, i) => ({ label: STEP_LABEL[s], color: COLORS[i]!, values: d.rows.map((r) => r.counts[s]) })),
    `Phễu theo ${q.period === 'day' ? 'ngày' : 'tuần'}, ${d.from} – ${d.to}`,
  );
  return page(
    'Phễu',
    html`<form class="filters" method="get" action="/console/funnel">
<label>Theo<select name="period"><option value="day" ${q.period === 'day' ? html`selected` : ''}>Ngày</option><option value="week" ${q.period === 'week' ? html`selected` : ''}>Tuần</option></select></label>
<label>Số ngày<input name="days" value="${q.days}" size="3" inputmode="numeric"></label>
<label>Tỉnh (mã)<input name="province" value="${q.province ?? ''}" size="3" ${ctx.staff.role === 'province' ? html`readonly` : ''}></label>
<label>Xã/phường (mã)<input name="ward" value="${q.ward ?? ''}" size="6"></label><button type="submit">Xem</button></form>
<div class="stats">${FUNNEL_STEPS.map((s, i) => html`<div class="stat"><b>${num(d.total[s])}</b>${STEP_LABEL[s]}${i > 0 ? html` <span class="muted">(${pct(d.total[s], d.total[FUNNEL_STEPS[i - 1]!])})</span>` : ''}</div>`)}</div>
<figure class="card" id="funnel-chart">${chart}</figure>
<h2>Theo ${q.province ? 'xã/phường' : 'tỉnh'}</h2>
<div class="table"><table><thead><tr><th>${q.province ? 'Xã/phường' : 'Tỉnh'}</th>${FUNNEL_STEPS.map((s) => html`<th>${STEP_LABEL[s]}</th>`)}</tr></thead>
<tbody>${d.byPlace.map((p) => html`<tr><td>${p.place || html`<span class="muted">chưa rõ</span>`}</td>${FUNNEL_STEPS.map((s) => html`<td>${num(p.counts[s])}</td>`)}</tr>`)}</tbody></table></div>
<h2>Rời đi ở bước nào</h2><p class="muted">Số lần người dùng đến một bước của kịch bản và không đi tiếp (toàn quốc, ${d.from} – ${d.to}).</p>
<div class="table"><table><thead><tr><th>Bước</th><th>Đến</th><th>Đi tiếp</th><th>Dừng lại</th><th>Tỉ lệ dừng</th></tr></thead>
<tbody>${d.dropoff.map((s) => html`<tr><td>${s.step}</td><td>${num(s.reached)}</td><td>${num(s.movedOn)}</td><td>${num(s.dropped)}</td><td>${pct(s.dropped, s.reached)}</td></tr>`)}</tbody></table></div>`,
    ctx,
  );
}
