import { AppError, ErrorCodes } from '../../errors.ts';
import { isHighSurrogate, splitText as splitChunks } from '../text-split.ts';
import { parsePayload, type Choice, type OutboundMessage } from '../types.ts';

/**
 * OutboundMessage → Send API bodies (`POST /me/messages`, messenger.md §4), in sending order. Every body is a
 * reply: `messaging_type: RESPONSE`.
 *
 * Limits (§4.3): text ≤ 2,000 characters (NFC, counted in UTF-16 units, split on sentence then space
 * boundaries, never inside a surrogate pair); ≤ 13 quick replies, title ≤ 20, payload ≤ 1,000; button template
 * 1–3 postback buttons, title ≤ 20, text ≤ 640.
 *
 * Choices — the rule:
 * 1. Quick replies by default (1–13 choices). They suit a conversation: they sit above the composer and vanish
 *    once answered, so an old question cannot be answered again out of turn.
 * 2. A button template when the choices are navigation — 1–3 choices whose payloads are all `#menu:*` or
 *    `#intent:*` (global, valid at any time) — and the text fits 640: the buttons stay tappable in the thread.
 * 3. More than 13 choices: the text goes out alone, then button templates of 3 choices each, headed by
 *    `moreChoicesText`, so every choice keeps its payload (Zalo's renderer does the same with its 5 buttons).
 * Titles over 20 characters are cut at a word boundary with "…"; when any is cut, the full titles are listed
 * in the message text ("• …"), so nothing the user needs to read is lost.
 *
 * request_contact → title + subtitle as text with one `user_phone_number` quick reply (Messenger fills in the
 * user's number; it comes back as a quick reply whose payload is the number). request_location → text only:
 * the location quick reply was removed in 2019 (§7), the text asks for the commune/ward instead.
 */

export const TEXT_LIMIT = 2_000;
export const MAX_QUICK_REPLIES = 13;
export const TITLE_LIMIT = 20;
export const PAYLOAD_LIMIT = 1_000;
export const MAX_BUTTONS = 3;
export const BUTTON_TEXT_LIMIT = 640;
/** Head of the button templates that carry choices when there are more than 13 ("More options:"). */
export const DEFAULT_MORE_CHOICES_TEXT = 'Thêm lựa chọn:';

/** Payload topics that are valid at any point of a conversation, so persistent buttons are safe for them. */
const NAVIGATION_TOPICS = new Set(['menu', 'intent']);

export type QuickReply = { content_type: 'text'; title: string; payload: string } | { content_type: 'user_phone_number' | 'user_email' };

export interface PostbackButton {
  type: 'postback';
  title: string;
  payload: string;
}

export type SendMessage =
  | { text: string; quick_replies?: QuickReply[]; metadata?: string }
  | {
      attachment: { type: 'template'; payload: { template_type: 'button'; text: string; buttons: PostbackButton[] } };
      quick_replies?: QuickReply[];
      metadata?: string;
    };

export interface SendBody {
  recipient: { id: string };
  messaging_type: 'RESPONSE';
  message: SendMessage;
}

export interface RenderOptions {
  moreChoicesText?: string;
  /** Echoed back in `message.metadata` of our echoes (≤ 1,000 chars); tags our own sends. */
  metadata?: string;
}

/** Splits text into chunks of ≤ `limit` UTF-16 units on sentence, then space, boundaries. */
export const splitText = (text: string, limit = TEXT_LIMIT): string[] => splitChunks(text, limit);

/** A title cut to `limit` characters: at the last word boundary that keeps half of it, with "…". */
export function shortTitle(title: string, limit = TITLE_LIMIT): string {
  const t = title.normalize('NFC').trim().replace(/\s+/g, ' ');
  if (t.length <= limit) return t;
  let end = limit - 1; // room for the ellipsis
  const space = t.lastIndexOf(' ', end);
  if (space >= Math.floor(limit / 2)) end = space;
  if (isHighSurrogate(t.charCodeAt(end - 1))) end -= 1;
  return `${t.slice(0, end).trimEnd()}…`;
}

function checkedPayload(choice: Choice): string {
  const payload = choice.payload.trim();
  if (payload === '' || payload.length > PAYLOAD_LIMIT) {
    throw new AppError(ErrorCodes.SEND_PERMANENT, 'choice payload outside Messenger limits', {
      details: { reason: 'payload_length', length: payload.length },
    });
  }
  return payload;
}

function body(userId: string, message: SendMessage, opts: RenderOptions): SendBody {
  return { recipient: { id: userId }, messaging_type: 'RESPONSE', message: opts.metadata ? { ...message, metadata: opts.metadata } : message };
}

function buttonTemplate(text: string, choices: Choice[]): SendMessage {
  const buttons = choices.map((c): PostbackButton => ({ type: 'postback', title: shortTitle(c.title), payload: checkedPayload(c) }));
  return { attachment: { type: 'template', payload: { template_type: 'button', text, buttons } } };
}

function isNavigation(choices: Choice[]): boolean {
  return choices.every((c) => NAVIGATION_TOPICS.has(parsePayload(c.payload)?.topic ?? ''));
}

/** The text with the full titles listed when a title had to be cut. */
function withFullTitles(text: string, choices: Choice[]): string {
  const cut = choices.some((c) => shortTitle(c.title) !== c.title.normalize('NFC').trim());
  if (!cut) return text;
  const list = choices.map((c) => `• ${c.title.normalize('NFC').trim()}`).join('\n');
  return text.trim() === '' ? list : `${text.trimEnd()}\n\n${list}`;
}

function renderText(userId: string, text: string, choices: Choice[], opts: RenderOptions): SendBody[] {
  const more = opts.moreChoicesText ?? DEFAULT_MORE_CHOICES_TEXT;
  if (choices.length === 0) return splitText(text).map((chunk) => body(userId, { text: chunk }, opts));

  if (choices.length > MAX_QUICK_REPLIES) {
    const bodies = splitText(text).map((chunk) => body(userId, { text: chunk }, opts));
    for (let i = 0; i < choices.length; i += MAX_BUTTONS) {
      const group = choices.slice(i, i + MAX_BUTTONS);
      const head = splitText(withFullTitles(more, group), BUTTON_TEXT_LIMIT)[0] ?? more;
      bodies.push(body(userId, buttonTemplate(head, group), opts));
    }
    return bodies;
  }

  const full = withFullTitles(text, choices);
  const chunks = splitText(full);
  if (chunks.length === 0) chunks.push(more); // choices need a text to hang on
  const last = chunks.pop()!;
  const bodies = chunks.map((chunk) => body(userId, { text: chunk }, opts));
  if (choices.length <= MAX_BUTTONS && last.length <= BUTTON_TEXT_LIMIT && isNavigation(choices)) {
    bodies.push(body(userId, buttonTemplate(last, choices), opts));
    return bodies;
  }
  const quickReplies = choices.map((c): QuickReply => ({ content_type: 'text', title: shortTitle(c.title), payload: checkedPayload(c) }));
  bodies.push(body(userId, { text: last, quick_replies: quickReplies }, opts));
  return bodies;
}

export function renderMessage(userId: string, message: OutboundMessage, opts: RenderOptions = {}): SendBody[] {
  switch (message.kind) {
    case 'text':
      return renderText(userId, message.text, message.choices ?? [], opts);
    case 'request_contact': {
      const text = [message.title, message.subtitle].map((s) => s.trim()).filter(Boolean).join('\n');
      const chunks = splitText(text);
      const last = chunks.pop() ?? '📞';
      return [
        ...chunks.map((chunk) => body(userId, { text: chunk }, opts)),
        body(userId, { text: last, quick_replies: [{ content_type: 'user_phone_number' }] }, opts),
      ];
    }
    case 'request_location':
      // No location quick reply since 2019 (messenger.md §7): the text itself asks for the place.
      return splitText(message.text).map((chunk) => body(userId, { text: chunk }, opts));
    case 'handover':
      // Not a message: the adapter calls the handover protocol for it.
      return [];
  }
}
