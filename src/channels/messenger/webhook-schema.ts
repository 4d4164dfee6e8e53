import { z } from 'zod';

/**
 * Zod shapes of the Messenger webhook bodies we read (messenger.md §1.2, fixtures in
 * shared/fixtures/webhooks/messenger). Objects are loose: Meta adds fields without notice and we only read
 * what we need. Ids are strings; a number (Meta sends `app_id` unquoted) is accepted and stringified.
 */

const id = z.union([z.string().min(1), z.number().int().nonnegative()]).transform(String);
const party = z.looseObject({ id: id.optional(), user_ref: z.string().optional() });

export const AttachmentSchema = z.looseObject({
  type: z.string(),
  title: z.string().optional(),
  payload: z
    .looseObject({
      url: z.string().optional(),
      coordinates: z.looseObject({ lat: z.unknown(), long: z.unknown() }).optional(),
    })
    .nullish(),
});

export const MessageSchema = z.looseObject({
  mid: z.string().min(1),
  /** The user unsent (deleted) this message. */
  is_deleted: z.boolean().optional(),
  text: z.string().optional(),
  is_echo: z.boolean().optional(),
  app_id: id.optional(),
  metadata: z.string().optional(),
  quick_reply: z.looseObject({ payload: z.string() }).optional(),
  attachments: z.array(AttachmentSchema).optional(),
});

export const ReferralSchema = z.looseObject({
  ref: z.string().optional(),
  source: z.string().optional(),
  type: z.string().optional(),
});

export const PostbackSchema = z.looseObject({
  title: z.string().optional(),
  payload: z.string().optional(),
  mid: z.string().optional(),
  referral: ReferralSchema.optional(),
});

/**
 * One item of `entry[].messaging[]` or `entry[].standby[]`: dispatched on which key it carries. `timestamp` is
 * optional here because Meta's documented delivery receipt has none; every other kind needs it (normalize.ts).
 */
export const MessagingEventSchema = z.looseObject({
  sender: party,
  recipient: party,
  timestamp: z.number().int().nonnegative().optional(),
  message: MessageSchema.optional(),
  postback: PostbackSchema.optional(),
  referral: ReferralSchema.optional(),
  read: z.looseObject({ watermark: z.number() }).optional(),
  delivery: z.looseObject({ watermark: z.number().optional(), mids: z.array(z.string()).optional() }).optional(),
  /** Handover protocol (`messaging_handovers`): another app passed the thread to `new_owner_app_id`. */
  pass_thread_control: z.looseObject({ new_owner_app_id: id.optional(), previous_owner_app_id: id.optional() }).optional(),
});

/** `time` is not read (each event has its own timestamp), so a malformed one costs nothing. */
export const EntrySchema = z.looseObject({
  id: id,
  messaging: z.array(z.unknown()).optional(),
  standby: z.array(z.unknown()).optional(),
});

export const EnvelopeSchema = z.looseObject({
  object: z.string(),
  entry: z.array(z.unknown()),
});

export type MessagingEvent = z.infer<typeof MessagingEventSchema>;
export type MessengerMessage = z.infer<typeof MessageSchema>;
export type MessengerAttachment = z.infer<typeof AttachmentSchema>;
