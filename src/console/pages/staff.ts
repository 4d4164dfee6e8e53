import { html } from '../html.ts';
import type { StaffView } from '../staff.ts';
import { csrfField, page, type PageContext } from './layout.ts';

const ROLE = { admin: 'Quản trị', province: 'Cán bộ tỉnh', viewer: 'Chỉ xem' } as const;

/** The staff list and the handoff roster fields (Zalo id, office hours), editable by admins. Accounts are made with `npm run staff`. */
export function renderStaff(ctx: PageContext, staff: StaffView[], onDuty: Set<string>, notice?: string, error?: string): string {
  return page(
    'Cán bộ và lịch trực',
    html`${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}${error ? html`<p class="error" role="alert">${error}</p>` : ''}
<p class="muted">Cán bộ có Zalo ID và giờ trực (giờ Việt Nam) nhận tin báo khi người dân muốn gặp cán bộ. Thêm hoặc xoá tài khoản bằng <code>npm run staff</code>.</p>
${staff.map(
      (s) => html`<form class="card filters" method="post" action="/console/staff/${s.username}">${csrfField(ctx)}
<p><b>${s.username}</b> · ${ROLE[s.role]}${s.province ? ` · tỉnh ${s.province}` : ''} ${onDuty.has(s.username) ? html`<span class="ok">· đang trực</span>` : ''}</p>
<label>Zalo ID<input name="zaloUserId" value="${s.zaloUserId ?? ''}" inputmode="numeric" size="20"></label>
<label>Giờ trực<input name="hours" value="${s.hours ?? ''}" placeholder="07:30-17:00" size="12"></label>
<button type="submit">Lưu</button></form>`,
    )}`,
    ctx,
  );
}
