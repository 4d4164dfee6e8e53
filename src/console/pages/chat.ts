import type { Choice } from '../../channels/types.ts';
import { html } from '../html.ts';
import { csrfField, page, type PageContext } from './layout.ts';

export interface SimLine {
  from: 'user' | 'bot' | 'note';
  text: string;
  choices?: Choice[];
}

export function renderChat(ctx: PageContext, lines: SimLine[]): string {
  const last = [...lines].reverse().find((l) => l.from === 'bot' && l.choices?.length);
  return page(
    'Chat thử',
    html`<p class="muted">Trò chuyện với trợ lý trên cùng kịch bản và bộ hiểu câu như Zalo/Messenger. Không gửi tin cho ai, không lưu khách thật.</p>
<div class="card chat" id="chat">${lines.map((l) =>
      l.from === 'note' ? html`<p class="muted">${l.text}</p>` : html`<div class="bubble ${l.from}">${l.text}</div>`,
    )}
${last ? html`<form class="choices" method="post" action="/console/chat">${csrfField(ctx)}${last.choices!.map((c) => html`<button class="secondary" name="payload" value="${c.payload}">${c.title}</button>`)}</form>` : ''}</div>
<form class="filters" method="post" action="/console/chat">${csrfField(ctx)}<label style="flex:1">Tin nhắn<input name="text" autocomplete="off" required autofocus></label><button type="submit">Gửi</button></form>
<form method="post" action="/console/chat/reset">${csrfField(ctx)}<button class="secondary" type="submit">Bắt đầu lại</button></form>`,
    ctx,
  );
}
