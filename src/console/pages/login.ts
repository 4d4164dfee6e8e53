import { html } from '../html.ts';
import { page } from './layout.ts';

export function loginPage(token: string, error?: 'invalid' | 'rate_limited' | 'csrf', next = '/console'): string {
  const message =
    error === 'invalid' ? 'Tên đăng nhập hoặc mật khẩu không đúng.'
    : error === 'rate_limited' ? 'Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút.'
    : error === 'csrf' ? 'Phiên đăng nhập đã hết hạn, vui lòng thử lại.'
    : undefined;
  return page(
    'Đăng nhập',
    html`<form class="card login" method="post" action="/console/login">
${message ? html`<p class="error" role="alert">${message}</p>` : ''}
<input type="hidden" name="_csrf" value="${token}"><input type="hidden" name="next" value="${next}">
<label>Tên đăng nhập<input name="username" autocomplete="username" required autofocus></label>
<label>Mật khẩu<input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">Đăng nhập</button>
<p class="muted">Bảng điều khiển cho cán bộ BHXH. Mọi lần xem và tải dữ liệu cá nhân đều được ghi nhật ký (Nghị định 13/2023/NĐ-CP).</p>
</form>`,
  );
}
