import { INTENT_NAMES } from '../../language/intent-names.ts';
import { can } from '../access.ts';
import { html, num, viTime } from '../html.ts';
import type { QuestionGroup } from '../unanswered.ts';
import { csrfField, page, type PageContext } from './layout.ts';

export interface UnansweredData {
  total: number;
  groups: QuestionGroup[];
  labelled: number;
  /** Labelled examples per intent, each a file to download. */
  byIntent: Record<string, number>;
}

export function renderUnanswered(ctx: PageContext, d: UnansweredData, notice?: string): string {
  const labelForm = (g: QuestionGroup) =>
    can.label(ctx.staff)
      ? html`<form class="filters" method="post" action="/console/unanswered/label">${csrfField(ctx)}<input type="hidden" name="ids" value="${g.items.map((i) => i.id).join(',')}">
<label>Ý định<select name="intent" required><option value="">— chọn —</option>${INTENT_NAMES.filter((i) => i !== 'unknown').map((i) => html`<option value="${i}">${i}</option>`)}</select></label>
<button type="submit">Gán nhãn ${g.items.length > 1 ? `cả ${num(g.items.length)} câu` : ''}</button></form>`
      : '';
  return page(
    'Câu chưa hiểu',
    html`${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
<p class="muted">${num(d.total)} tin nhắn trợ lý chưa hiểu trong 30 ngày qua (đã che số điện thoại, tên; tự xoá sau 30 ngày), gộp theo câu giống nhau.
Gán nhãn ý định để thêm vào bộ câu mẫu: nhãn không vào mô hình ngay, mà vào danh sách chờ duyệt (${num(d.labelled)} câu) — tải về để nhóm kỹ thuật xem và đưa vào kho câu mẫu (locales/vi/nlu/):
${Object.entries(d.byIntent).map(([intent, n]) => html` <a href="/console/unanswered/labelled/${intent}.yaml">${intent}.yaml (${num(n)})</a>`)} · <a href="/console/unanswered/labelled.jsonl">tất cả (JSONL)</a></p>
${d.groups.length > 50 ? html`<p class="muted">50 nhóm lớn nhất trong ${num(d.groups.length)} nhóm.</p>` : ''}
${d.groups.slice(0, 50).map(
      (g) => html`<div class="card"><p><b>${g.sample.text}</b> <span class="muted">· ${num(g.items.length)} lần · gần nhất ${viTime(g.sample.at)}</span></p>
${g.items.length > 1 ? html`<details><summary>Các câu trong nhóm</summary><ul>${g.items.slice(0, 20).map((i) => html`<li>${i.text}</li>`)}</ul></details>` : ''}${labelForm(g)}</div>`,
    )}`,
    ctx,
  );
}
