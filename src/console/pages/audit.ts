import type { AuditRecord } from '../audit.ts';
import { html, num, viTime } from '../html.ts';
import { page, qs, type PageContext } from './layout.ts';

export function renderAudit(ctx: PageContext, d: { total: number; records: AuditRecord[]; page: number; pageSize: number }): string {
  const pages = Math.max(1, Math.ceil(d.total / d.pageSize));
  return page(
    'Nhật ký truy cập dữ liệu cá nhân',
    html`<p class="muted">${num(d.total)} lượt (Nghị định 13/2023/NĐ-CP: ai đã xem, tải hoặc thay đổi dữ liệu cá nhân, khi nào).</p>
<div class="table"><table><thead><tr><th>Lúc</th><th>Cán bộ</th><th>Việc</th><th>Chi tiết</th></tr></thead>
<tbody>${d.records.map((r) => html`<tr><td>${viTime(r.at)}</td><td>${r.username}</td><td>${r.action}</td><td class="wrap">${r.detail}</td></tr>`)}</tbody></table></div>
<div class="pager">${d.page > 1 ? html`<a href="/console/audit${qs({ page: d.page - 1 })}">← Trước</a>` : ''}${d.page < pages ? html`<a href="/console/audit${qs({ page: d.page + 1 })}">Sau →</a>` : ''}</div>`,
    ctx,
  );
}
