import { can } from '../access.ts';
import { html, type Html } from '../html.ts';
import type { StaffView } from '../staff.ts';

export interface PageContext {
  staff: StaffView;
  csrf: string;
  path: string;
}

const ROLE_LABEL = { admin: 'Quản trị', province: 'Cán bộ tỉnh', viewer: 'Chỉ xem' } as const;

const NAV: { href: string; label: string; admin?: boolean }[] = [
  { href: '/console', label: 'Tổng quan' },
  { href: '/console/leads', label: 'Khách quan tâm' },
  { href: '/console/tickets', label: 'Yêu cầu gặp cán bộ' },
  { href: '/console/agents', label: 'Đại lý thu' },
  { href: '/console/funnel', label: 'Phễu' },
  { href: '/console/unanswered', label: 'Câu chưa hiểu' },
  { href: '/console/targets', label: 'Chỉ tiêu' },
  { href: '/console/chat', label: 'Chat thử' },
  { href: '/console/staff', label: 'Lịch trực', admin: true },
  { href: '/console/audit', label: 'Nhật ký', admin: true },
];

/** The CSRF field every form carries. */
export const csrfField = (ctx: PageContext): Html => html`<input type="hidden" name="_csrf" value="${ctx.csrf}">`;

export function page(title: string, body: Html | Html[], ctx?: PageContext): string {
  const nav = ctx
    ? html`<header>
  ${NAV.filter((n) => !n.admin || can.administer(ctx.staff)).map((n) => html`<a href="${n.href}" ${ctx.path === n.href ? html`aria-current="page"` : ''}>${n.label}</a>`)}
  <span class="who">${ctx.staff.username} · ${ROLE_LABEL[ctx.staff.role]}${ctx.staff.province ? html` · tỉnh ${ctx.staff.province}` : ''}
  <form method="post" action="/console/logout">${csrfField(ctx)}<button class="secondary" type="submit">Đăng xuất</button></form></span>
</header>`
    : '';
  return html`<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · BHXH tự nguyện</title><link rel="stylesheet" href="/console/console.css"></head>
<body>${nav}<main><h1>${title}</h1>${body}</main></body></html>`.value;
}

/** Query string for links that keep the current filters. */
export function qs(params: Record<string, string | number | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}
