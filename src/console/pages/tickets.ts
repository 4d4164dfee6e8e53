import { can, maskPhone } from '../access.ts';
import { html, num, viTime } from '../html.ts';
import type { ConsoleServices, ConsoleTicket } from '../services.ts';
import type { StaffView } from '../staff.ts';
import { csrfField, page, type PageContext } from './layout.ts';

export type ShownTicket = ConsoleTicket & { topicLabel: string };

export interface TicketsData {
  available: boolean;
  open: ShownTicket[];
  closed: ShownTicket[];
}

/** Every role sees the tickets (a ticket has no place: the user asked for a person before saying where they live); viewers get masked phones. */
export async function loadTickets(svc: ConsoleServices, staff: StaffView): Promise<TicketsData> {
  if (!svc.tickets) return { available: false, open: [], closed: [] };
  const [open, closed] = await Promise.all([svc.tickets.list('open', { limit: 200 }), svc.tickets.list('closed', { limit: 50 })]);
  const tickets = svc.tickets;
  const shown = (t: ConsoleTicket): ShownTicket => {
    const topicLabel = tickets.topic(t);
    if (can.seePersonalData(staff) || !t.phone) return { ...t, topicLabel };
    return { ...t, phone: maskPhone(t.phone) ?? '', topicLabel };
  };
  return { available: true, open: open.map(shown), closed: closed.map(shown) };
}

export function renderTickets(ctx: PageContext, d: TicketsData, notice?: string): string {
  if (!d.available) return page('Yêu cầu gặp cán bộ', html`<p class="muted">Chức năng chuyển cho cán bộ chưa được bật trên máy chủ này.</p>`, ctx);
  const row = (t: ShownTicket, open: boolean) => html`<tr><td>${viTime(t.openedAt)}</td><td>${t.channel}</td><td>${t.topicLabel}${t.step ? html` <span class="muted">(${t.step})</span>` : ''}</td><td>${t.phone ?? html`<span class="muted">không để lại</span>`}</td>
<td>${t.afterHours ? html`<span class="warn">Ngoài giờ</span>${t.answerFrom ? html` · trả lời từ ${viTime(t.answerFrom)}` : ''}` : 'Trong giờ'}</td><td>${t.notified.join(', ') || '–'}${t.unreachable.length ? html` <span class="warn">(không liên lạc được: ${t.unreachable.join(', ')})</span>` : ''}</td>
<td>${open ? (can.closeTicket(ctx.staff) ? html`<form method="post" action="/console/tickets/${t.id}/close">${csrfField(ctx)}<button type="submit">Đóng</button></form>` : '') : html`${t.closedAt ? viTime(t.closedAt) : ''} ${t.closedByStaff ?? t.closedBy ?? ''}`}</td></tr>`;
  const head = html`<thead><tr><th>Lúc</th><th>Kênh</th><th>Chủ đề</th><th>Điện thoại</th><th>Giờ</th><th>Đã báo</th><th></th></tr></thead>`;
  return page(
    'Yêu cầu gặp cán bộ',
    html`${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
<p>${num(d.open.length)} yêu cầu đang mở.</p>
<div class="table"><table>${head}<tbody>${d.open.map((t) => row(t, true))}</tbody></table></div>
<h2>Đã đóng gần đây</h2><div class="table"><table>${head}<tbody>${d.closed.map((t) => row(t, false))}</tbody></table></div>`,
    ctx,
  );
}
