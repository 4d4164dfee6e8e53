import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { AppError, ErrorCodes } from '../../errors.ts';
import { parsePayload, type InboundBase, type InboundEvent } from '../types.ts';
import { parseZaloBody, type BodyParser } from './json.ts';
import {
  ChatNowSchema,
  EnvelopeSchema,
  FollowSchema,
  OaSendSchema,
  ReceiptSchema,
  SubmitInfoSchema,
  UserSendSchema,
  type UserSend,
} from './webhook-schema.ts';

type AttachmentType = Extract<InboundEvent, { kind: 'attachment' }>['attachmentType'];

/** `user_send_<x>` events that carry media, by their event-name suffix. */
const MEDIA_EVENTS: Record<string, AttachmentType> = {
  user_send_image: 'image',
  user_send_gif: 'image',
  user_send_sticker: 'sticker',
  user_send_audio: 'audio',
  user_send_video: 'video',
  user_send_file: 'file',
  user_send_link: 'other',
  user_send_business_card: 'other',
  user_send_contact: 'other',
};

const ATTACHMENT_TYPES: Record<string, AttachmentType> = { image: 'image', gif: 'image', sticker: 'sticker', audio: 'audio', voice: 'audio', video: 'video', file: 'file' };

function invalid(what: string, cause?: unknown): AppError {
  return new AppError(ErrorCodes.WEBHOOK_BODY_INVALID, `Zalo webhook body invalid: ${what}`, cause === undefined ? {} : { cause });
}

/** Validates a known event's shape; a known event with the wrong shape is not the platform's format. */
function shape<S extends z.ZodType>(schema: S, body: unknown, eventName: string): z.infer<S> {
  const r = schema.safeParse(body);
  if (!r.success) throw invalid(`${eventName}: ${r.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  return r.data;
}

/** A dedupe key for events without `msg_id`: the same event re-delivered gives the same key. */
export function derivedEventId(eventName: string, userId: string, timestamp: number, extra = ''): string {
  const digest = createHash('sha256').update(`${eventName}|${userId}|${timestamp}|${extra}`).digest('hex').slice(0, 24);
  return `${eventName}:${digest}`;
}

function toCoordinate(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

/** Coordinates from `attachments[].payload.coordinates`, or the `message.location` shape one source shows. */
function locationOf(message: UserSend['message']): { latitude: number; longitude: number } | undefined {
  const candidates: unknown[] = [
    ...(message.attachments ?? []).filter((a) => a.type === 'location').map((a) => (a.payload as { coordinates?: unknown } | undefined)?.coordinates),
    (message as { location?: unknown }).location,
  ];
  for (const c of candidates) {
    if (typeof c !== 'object' || c === null) continue;
    const { latitude, longitude } = c as { latitude?: unknown; longitude?: unknown };
    const lat = toCoordinate(latitude);
    const lon = toCoordinate(longitude);
    if (lat !== undefined && lon !== undefined && Math.abs(lat) <= 90 && Math.abs(lon) <= 180) return { latitude: lat, longitude: lon };
  }
  return undefined;
}

function userSend(eventName: string, body: unknown, timestamp: number): InboundEvent[] {
  const ev = shape(UserSendSchema, body, eventName);
  const userId = ev.sender.id;
  const base: InboundBase = { channel: 'zalo', userId, timestamp, eventId: ev.message.msg_id ?? derivedEventId(eventName, userId, timestamp) };
  const text = ev.message.text?.normalize('NFC');

  if (eventName === 'user_send_text') {
    // A tap on an oa.query.hide/show button arrives as plain text holding the payload (`#menu:contribution`).
    if (text !== undefined && parsePayload(text)) return [{ ...base, kind: 'payload', payload: text.trim() }];
    return [{ ...base, kind: 'text', text: text ?? '' }];
  }
  if (eventName === 'user_send_location') {
    const point = locationOf(ev.message);
    if (point) return [{ ...base, kind: 'location', ...point, ...(text ? { label: text } : {}) }];
    return [{ ...base, kind: 'attachment', attachmentType: 'other' }];
  }
  const attachmentType = MEDIA_EVENTS[eventName] ?? ATTACHMENT_TYPES[ev.message.attachments?.[0]?.type ?? ''] ?? 'other';
  return [{ ...base, kind: 'attachment', attachmentType }];
}

function contact(body: unknown, timestamp: number): InboundEvent[] {
  const ev = shape(SubmitInfoSchema, body, 'user_submit_info');
  const info = ev.info;
  const full = info.full_address;
  const fields = {
    name: info.name?.normalize('NFC'),
    phone: info.phone,
    address: (full?.user_address ?? info.address)?.normalize('NFC'),
    province: (full?.user_city ?? info.city)?.normalize('NFC'),
    ward: (full?.user_ward ?? info.ward)?.normalize('NFC'),
  };
  const present = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined && v !== '')) as Record<string, string>;
  const userId = ev.sender.id;
  return [{ channel: 'zalo', userId, timestamp, eventId: derivedEventId('user_submit_info', userId, timestamp), kind: 'contact', ...present }];
}

/**
 * Raw webhook bytes → normalised events. Not JSON, not an object, or no `event_name` → WEBHOOK_BODY_INVALID
 * (the route answers 400). Events Zalo may legitimately send but we do not use → [] (logged at debug).
 */
export function normalizeZaloWebhook(rawBody: Buffer, logger?: Logger, parse: BodyParser = parseZaloBody): InboundEvent[] {
  let body: unknown;
  try {
    body = parse(rawBody);
  } catch (err) {
    throw invalid('not JSON', err);
  }
  const env = EnvelopeSchema.safeParse(body);
  if (!env.success) throw invalid('no event_name/timestamp envelope');
  const { event_name: eventName, timestamp } = env.data;

  if (eventName.startsWith('user_send_')) return userSend(eventName, body, timestamp);
  if (eventName.startsWith('oa_send_')) {
    const ev = shape(OaSendSchema, body, eventName);
    const userId = ev.recipient.id;
    const eventId = ev.message?.msg_id ?? derivedEventId(eventName, userId, timestamp);
    return [{ channel: 'zalo', userId, timestamp, eventId, kind: 'echo', byHuman: ev.sender.admin_id !== undefined }];
  }
  switch (eventName) {
    case 'follow':
    case 'unfollow': {
      const ev = shape(FollowSchema, body, eventName);
      const userId = ev.follower.id;
      const base = { channel: 'zalo' as const, userId, timestamp, eventId: derivedEventId(eventName, userId, timestamp) };
      return [eventName === 'follow' ? { ...base, kind: 'start', reason: 'follow' } : { ...base, kind: 'unfollow' }];
    }
    case 'user_click_chatnow': {
      const userId = shape(ChatNowSchema, body, eventName).user_id;
      return [{ channel: 'zalo', userId, timestamp, eventId: derivedEventId(eventName, userId, timestamp), kind: 'start', reason: 'chat_now' }];
    }
    case 'user_submit_info':
      return contact(body, timestamp);
    case 'user_seen_message':
    case 'user_received_message': {
      const ev = shape(ReceiptSchema, body, eventName);
      const userId = ev.recipient.id;
      const ids = ev.message?.msg_ids?.join(',') ?? ev.message?.msg_id ?? '';
      return [{ channel: 'zalo', userId, timestamp, eventId: derivedEventId(eventName, userId, timestamp, ids), kind: 'receipt' }];
    }
    case 'user_reacted_message':
    case 'oa_reacted_message':
      // A reaction (a heart on a bot message) is not a request: ignored on purpose, never answered.
      logger?.debug({ event: eventName }, 'zalo reaction ignored');
      return [];
    default:
      logger?.debug({ event: eventName }, 'zalo event ignored');
      return [];
  }
}
