import { z } from 'zod';

/**
 * Zod shapes of the Zalo OA webhook bodies we use (zalo.md §1, fixtures in shared/fixtures/webhooks/zalo).
 * Objects are loose: Zalo adds fields without notice, and we only read what we need. Ids are strings; a
 * number (a small id, or a long one that json.ts turned into a string anyway) is accepted and stringified.
 */

const id = z.union([z.string().min(1), z.number().int()]).transform(String);
const text = z.string();

/** The envelope every event has. Anything without a string `event_name` is not a Zalo webhook. */
export const EnvelopeSchema = z.looseObject({
  event_name: z.string().min(1),
  app_id: id.optional(),
  timestamp: z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).transform(Number),
});

const Attachment = z.looseObject({
  type: z.string(),
  payload: z.unknown().optional(),
});

const Message = z.looseObject({
  msg_id: id.optional(),
  text: text.optional(),
  attachments: z.array(Attachment).optional(),
});

/** `user_send_*`: the user in `sender.id`, the OA in `recipient.id`. */
export const UserSendSchema = z.looseObject({
  sender: z.looseObject({ id }),
  recipient: z.looseObject({ id }).optional(),
  message: Message,
});
export type UserSend = z.infer<typeof UserSendSchema>;

/** `oa_send_*` echoes: the OA in `sender.id` (+ `admin_id` when a person typed it), the user in `recipient.id`. */
export const OaSendSchema = z.looseObject({
  sender: z.looseObject({ id, admin_id: id.optional() }),
  recipient: z.looseObject({ id }),
  message: Message.optional(),
});

/** `follow` / `unfollow`: the person is `follower.id`. */
export const FollowSchema = z.looseObject({
  follower: z.looseObject({ id }),
  oa_id: id.optional(),
  source: z.string().optional(),
});

/** `user_click_chatnow`: flat `user_id`. */
export const ChatNowSchema = z.looseObject({ user_id: id, oa_id: id.optional() });

/** `user_seen_message` / `user_received_message`: the user is `recipient.id`. */
export const ReceiptSchema = z.looseObject({
  recipient: z.looseObject({ id }),
  message: z.looseObject({ msg_id: id.optional(), msg_ids: z.array(id).optional() }).optional(),
});

const optionalText = z
  .union([z.string(), z.number()])
  .transform((v) => String(v).trim())
  .optional()
  .catch(undefined);

/**
 * `user_submit_info`: the answer to a request_user_info card. Two forms exist (README): the current one with
 * `full_address.{user_city,user_ward,user_address}`, and the legacy flat `address/city/district/ward`. Every
 * field is optional; a malformed field is dropped rather than failing the whole event. Personal data.
 */
export const SubmitInfoSchema = z.looseObject({
  sender: z.looseObject({ id }),
  info: z
    .looseObject({
      name: optionalText,
      phone: optionalText,
      address: optionalText,
      city: optionalText,
      district: optionalText,
      ward: optionalText,
      full_address: z
        .looseObject({ user_city: optionalText, user_ward: optionalText, user_address: optionalText })
        .optional()
        .catch(undefined),
    })
    .optional()
    .default({}),
});
