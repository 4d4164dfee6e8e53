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
  // Cards rather than a table: staff answer these on a phone, and the close button must be in reach.
  const card = (t: ShownTicket, open: boolean) => html`<div class="card ticket"><p><b>${t.topicLabel}</b>${t.step ? html` <span class="muted">(${t.step})</span>` : ''}</p>
<p>${viTime(t.openedAt)} · ${t.channel === 'zalo' ? 'Zalo' : t.channel === 'messenger' ? 'Messenger' : t.channel} · ${t.phone ? html`☎ ${t.phone}` : html`<span class="muted">không để lại số</span>`}</p>
<p>${t.afterHours ? html`<span class="warn">Ngoài giờ làm việc</span>${t.answerFrom ? html`, hẹn trả lời từ ${viTime(t.answerFrom)}` : ''}` : 'Trong giờ làm việc'}. Đã báo: ${t.notified.join(', ') || '–'}${t.unreachable.length ? html` <span class="warn">(không liên lạc được qua Zalo: ${t.unreachable.join(', ')})</span>` : ''}</p>
${open ? (can.closeTicket(ctx.staff) ? html`<form method="post" action="/console/tickets/${t.id}/close">${csrfField(ctx)}<button type="submit">Đóng yêu cầu</button></form>` : '') : html`<p class="muted">Đóng lúc ${t.closedAt ? viTime(t.closedAt) : '?'}${t.closedByStaff ? ` bởi ${t.closedByStaff}` : t.closedBy === 'timeout' ? ' (hết thời gian)' : t.closedBy === 'user' ? ' (người dùng quay lại trợ lý)' : ''}</p>`}</div>`;
  return page(
    'Yêu cầu gặp cán bộ',
    html`${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
<p>${num(d.open.length)} yêu cầu đang mở.</p>
${d.open.map((t) => card(t, true))}
<h2>Đã đóng gần đây</h2>${d.closed.map((t) => card(t, false))}`,
    ctx,
  );
}
