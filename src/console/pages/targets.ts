import { html, num } from '../html.ts';
import { can } from '../access.ts';
import type { Target } from '../targets.ts';
import { csrfField, page, type PageContext } from './layout.ts';

export interface TargetRow extends Target {
  registered: number;
}

export interface TargetsData {
  year: string;
  rows: TargetRow[];
}

export function renderTargets(ctx: PageContext, d: TargetsData, notice?: string, error?: string): string {
  return page(
    `Chỉ tiêu năm ${d.year}`,
    html`${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}${error ? html`<p class="error" role="alert">${error}</p>` : ''}
<form class="filters" method="get" action="/console/targets"><label>Năm<input name="year" value="${d.year}" size="5" inputmode="numeric"></label><button type="submit">Xem</button></form>
<p class="muted">Người tham gia mới: số khách đại lý báo "đã đăng ký" qua trợ lý trong năm, so với chỉ tiêu.</p>
<div class="table"><table><thead><tr><th>Tỉnh</th><th>Xã/phường</th><th>Chỉ tiêu</th><th>Đã đăng ký</th><th>Đạt</th></tr></thead>
<tbody>${d.rows.map((r) => html`<tr><td>${r.province}</td><td>${r.ward || html`<span class="muted">cả tỉnh</span>`}</td><td>${num(r.target)}</td><td>${num(r.registered)}</td><td>${r.target > 0 ? `${(Math.round((r.registered / r.target) * 1000) / 10).toLocaleString('vi-VN')} %` : '–'}</td></tr>`)}</tbody></table></div>
${can.administer(ctx.staff) ? html`<h2>Nhập chỉ tiêu (CSV)</h2><form class="card" method="post" action="/console/targets/import" enctype="multipart/form-data">${csrfField(ctx)}
<p class="muted">Cột year,province_code,ward_code,target (ward_code để trống: chỉ tiêu cả tỉnh). Tệp thay toàn bộ chỉ tiêu của các năm có trong tệp.</p>
<input type="file" name="file" accept=".csv,text/csv" required> <button type="submit">Nhập</button></form>` : ''}`,
    ctx,
  );
}
