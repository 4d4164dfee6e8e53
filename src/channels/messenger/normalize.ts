import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { AppError, ErrorCodes } from '../../errors.ts';
import { parsePayload, type InboundBase, type InboundEvent } from '../types.ts';
import {
  EntrySchema,
  EnvelopeSchema,
  MessagingEventSchema,
  type MessagingEvent,
  type MessengerAttachment,
  type MessengerMessage,
} from './webhook-schema.ts';

/**
 * Raw Messenger webhook bytes → InboundEvent[] (messenger.md §1.2–1.3, §6).
 *
 * - Every `entry[]` and every item of its `messaging[]` and `standby[]` is read; the result is sorted by
 *   `timestamp` (stable), so each user's events come out in the order they happened even across entries.
 * - `messaging[]`: message text; quick reply → payload (a phone-number quick reply → contact); postback →
 *   payload, or start for Get Started / `#start:*`; attachments → location (when coordinates are there) or
 *   attachment; referral → start; read/delivery → receipt; `is_echo` → echo (byHuman unless `app_id` is ours).
 * - `standby[]` (another app, e.g. the Page Inbox, owns the thread; we must not send): echoes keep their
 *   meaning (a person's echo still pauses the bot), everything else keeps its kind and is marked `standby`:
 *   the pipeline lets only the handoff see it ("menu" / "bot ơi" take the thread back), never the engine.
 * - Ignored on purpose, logged at debug: a message the user unsent (`is_deleted`: there is nothing left to
 *   answer), reactions (`reaction`: a thumbs-up on a bot message is not a request), edits (`message_edit`: the
 *   original was answered already; re-answering would repeat a step), delivery receipts without a timestamp (Meta's
 *   documented shape has none), and shapes we do not use (optin, handover events other than a
 *   `pass_thread_control` to us — that is `thread_back` —, policy, Chat-Plugin guests without a
 *   PSID, `object` other than `page`).
 * - Each entry and each event is validated on its own: a malformed one (no id, a list that is not a list, an
 *   event without a timestamp) is dropped, counted through `onDropped` and logged with WEBHOOK_ITEM_INVALID; the
 *   others are processed. Not JSON / no `object`+`entry` → WEBHOOK_BODY_INVALID (the whole body is not Meta's).
 */

export interface NormalizeOptions {
  /** Our Facebook app id (MESSENGER_APP_ID): echoes carrying it are our own sends. */
  appId: string;
  logger?: Logger;
  /** Told about every entry or event dropped for its shape (the adapter counts them in /metrics). */
  onDropped?: (reason: 'entry_invalid' | 'event_invalid') => void;
}

type AttachmentType = Extract<InboundEvent, { kind: 'attachment' }>['attachmentType'];

const ATTACHMENT_TYPES: Record<string, AttachmentType> = { image: 'image', sticker: 'sticker', audio: 'audio', video: 'video', file: 'file' };

/** Payloads of the Get Started button: ours (set by the messenger:profile CLI) and the common legacy one. */
const GET_STARTED = new Set(['GET_STARTED', '#start:get_started']);

/** What a `user_phone_number` quick reply brings back in `quick_reply.payload`. */
const PHONE = /^\+?[0-9][0-9 ().-]{6,18}[0-9]$/;

function invalid(what: string, cause?: unknown): AppError {
  return new AppError(ErrorCodes.WEBHOOK_BODY_INVALID, `Messenger webhook body invalid: ${what}`, cause === undefined ? {} : { cause });
}

/**
 * Meta sends `app_id` as a bare JSON number. Facebook app ids have 15–16 digits, and a 16-digit one can
 * exceed 2^53: quote it before parsing so it is never rounded (a rounded id would make our own echoes look
 * like a person's). A key is always preceded by `{` or `,` outside a string; inside one its quotes are escaped.
 */
export function parseMessengerJson(raw: string): unknown {
  // Also the handover's `new_owner_app_id` / `previous_owner_app_id`.
  return JSON.parse(raw.replace(/([{,]\s*"(?:[a-z]+_)*app_id"\s*:\s*)(\d+)/g, '$1"$2"'));
}

/** A stable dedupe key for events without a mid: the same event re-delivered gives the same key. */
export function derivedEventId(kind: string, userId: string, timestamp: number, extra = ''): string {
  const digest = createHash('sha256').update(`${kind}|${userId}|${timestamp}|${extra}`).digest('hex').slice(0, 24);
  return `${kind}:${digest}`;
}

function coordinate(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

function location(a: MessengerAttachment): { latitude: number; longitude: number } | undefined {
  const c = a.payload?.coordinates;
  if (!c) return undefined;
  const latitude = coordinate(c.lat);
  const longitude = coordinate(c.long);
  if (latitude === undefined || longitude === undefined || Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return undefined;
  return { latitude, longitude };
}

/** A messaging item with its timestamp checked (every kind but the delivery receipt needs one). */
type Timed = MessagingEvent & { timestamp: number };

function echo(ev: Timed, message: MessengerMessage, appId: string): InboundEvent | undefined {
  const userId = ev.recipient.id;
  if (!userId) return undefined;
  // Our own sends carry our app id. Page Inbox (263902037430900), Business Suite, another tool — or no app
  // id at all (typed in the Page's own Messenger) — means a person wrote: the pipeline pauses the bot.
  const byHuman = message.app_id !== appId;
  return { channel: 'messenger', userId, timestamp: ev.timestamp, eventId: message.mid, kind: 'echo', byHuman };
}

function fromMessage(base: InboundBase, message: MessengerMessage): InboundEvent {
  const text = message.text?.normalize('NFC');
  const qr = message.quick_reply?.payload.trim();
  if (qr !== undefined && qr !== '') {
    if (parsePayload(qr)) return { ...base, kind: 'payload', payload: qr, ...(text ? { title: text } : {}) };
    // The answer to a `user_phone_number` quick reply: the payload is the number itself. Personal data.
    if (PHONE.test(qr)) return { ...base, kind: 'contact', phone: qr };
    return { ...base, kind: 'payload', payload: qr, ...(text ? { title: text } : {}) };
  }
  const attachments = message.attachments ?? [];
  const first = attachments[0];
  if (first && (text === undefined || text === '')) {
    const pin = attachments.map(location).find((p) => p !== undefined);
    if (pin) return { ...base, kind: 'location', ...pin, ...(first.title ? { label: first.title.normalize('NFC') } : {}) };
    return { ...base, kind: 'attachment', attachmentType: ATTACHMENT_TYPES[first.type] ?? 'other' };
  }
  // A typed payload (someone pasting `#menu:x`) is routed like a tap, as on Zalo.
  if (text !== undefined && parsePayload(text)) return { ...base, kind: 'payload', payload: text.trim() };
  return { ...base, kind: 'text', text: text ?? '' };
}

/** One `messaging[]` item → at most one event; undefined for shapes we do not use (see the file comment). */
function fromMessaging(ev: Timed, opts: NormalizeOptions): InboundEvent | undefined {
  if (ev.message?.is_deleted) return undefined;
  if (ev.message?.is_echo) return echo(ev, ev.message, opts.appId);
  const userId = ev.sender.id;
  if (!userId) return undefined; // Chat Plugin guest (user_ref): no PSID to answer
  const { timestamp } = ev;

  if (ev.message) return fromMessage({ channel: 'messenger', userId, timestamp, eventId: ev.message.mid }, ev.message);

  if (ev.postback) {
    const { payload = '', mid, title, referral } = ev.postback;
    const eventId = mid ?? derivedEventId('postback', userId, timestamp, payload);
    const base: InboundBase = { channel: 'messenger', userId, timestamp, eventId };
    const p = payload.trim();
    if (GET_STARTED.has(p) || parsePayload(p)?.topic === 'start') {
      return { ...base, kind: 'start', reason: 'get_started', ...(referral?.ref ? { ref: referral.ref } : {}) };
    }
    if (p === '') return { ...base, kind: 'receipt' }; // a postback meant for another app (no payload for us)
    return { ...base, kind: 'payload', payload: p, ...(title ? { title: title.normalize('NFC') } : {}) };
  }

  if (ev.referral) {
    const { ref, source = '', type = '' } = ev.referral;
    const eventId = derivedEventId('referral', userId, timestamp, `${source}|${type}|${ref ?? ''}`);
    return { channel: 'messenger', userId, timestamp, eventId, kind: 'start', reason: 'referral', ...(ref ? { ref } : {}) };
  }

  if (ev.read) {
    return { channel: 'messenger', userId, timestamp, eventId: derivedEventId('read', userId, timestamp, String(ev.read.watermark)), kind: 'receipt' };
  }
  if (ev.delivery) {
    const extra = `${ev.delivery.watermark ?? ''}|${(ev.delivery.mids ?? []).join(',')}`;
    return { channel: 'messenger', userId, timestamp, eventId: derivedEventId('delivery', userId, timestamp, extra), kind: 'receipt' };
  }
  // The Page Inbox (or another app) gave the thread back to us: a person is done with the user (messenger.md §6).
  if (ev.pass_thread_control && ev.pass_thread_control.new_owner_app_id === opts.appId) {
    return { channel: 'messenger', userId, timestamp, eventId: derivedEventId('thread_back', userId, timestamp), kind: 'thread_back' };
  }
  return undefined;
}

/**
 * One `standby[]` item: marked `standby` — only the handoff reads it (a user's "menu" takes the thread back),
 * nothing answers it; a person's echo still pauses the bot.
 */
function fromStandby(ev: Timed, opts: NormalizeOptions): InboundEvent | undefined {
  const event = fromMessaging(ev, opts);
  if (!event || event.kind === 'echo' || event.kind === 'receipt') return event;
  return { ...event, standby: true };
}

function eventKeys(item: unknown): string {
  return typeof item === 'object' && item !== null ? Object.keys(item).sort().join(',') : typeof item;
}

export function normalizeMessengerWebhook(rawBody: Buffer, opts: NormalizeOptions): InboundEvent[] {
  let body: unknown;
  try {
    body = parseMessengerJson(rawBody.toString('utf8'));
  } catch (err) {
    throw invalid('not JSON', err);
  }
  const env = EnvelopeSchema.safeParse(body);
  if (!env.success) throw invalid('no object/entry envelope');
  if (env.data.object !== 'page') {
    opts.logger?.debug({ object: env.data.object }, 'messenger webhook object ignored');
    return [];
  }

  // One odd entry or item must not cost the batch's other events (a 400 would make Meta drop or retry them all).
  const drop = (reason: 'entry_invalid' | 'event_invalid', item: unknown, issues: string[]) => {
    opts.onDropped?.(reason);
    opts.logger?.warn({ code: ErrorCodes.WEBHOOK_ITEM_INVALID, reason, keys: eventKeys(item), issues }, 'messenger webhook item with an unexpected shape dropped');
  };
  const events: InboundEvent[] = [];
  for (const rawEntry of env.data.entry) {
    const entry = EntrySchema.safeParse(rawEntry);
    if (!entry.success) {
      drop('entry_invalid', rawEntry, entry.error.issues.map((i) => i.path.join('.')));
      continue;
    }
    const lists: [unknown[], typeof fromMessaging][] = [
      [entry.data.messaging ?? [], fromMessaging],
      [entry.data.standby ?? [], fromStandby],
    ];
    for (const [items, convert] of lists) {
      for (const item of items) {
        const parsed = MessagingEventSchema.safeParse(item);
        if (!parsed.success) {
          drop('event_invalid', item, parsed.error.issues.map((i) => i.path.join('.')));
          continue;
        }
        const { timestamp } = parsed.data;
        if (timestamp === undefined) {
          // Meta's documented delivery receipt carries no timestamp: nothing to answer, nothing to warn about.
          if (parsed.data.delivery) opts.logger?.debug({ keys: eventKeys(item) }, 'messenger delivery receipt without timestamp ignored');
          else drop('event_invalid', item, ['timestamp']);
          continue;
        }
        const event = convert({ ...parsed.data, timestamp }, opts);
        if (event) events.push(event);
        else opts.logger?.debug({ keys: eventKeys(item) }, 'messenger event ignored');
      }
    }
  }
  // Array.prototype.sort is stable: equal timestamps keep their delivery order.
  return events.sort((a, b) => a.timestamp - b.timestamp);
}
