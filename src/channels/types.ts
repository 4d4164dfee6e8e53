/**
 * The normalised shapes every channel adapter speaks. The conversation engine only ever sees these:
 * no express request, no platform JSON, no axios.
 */

export type ChannelName = 'zalo' | 'messenger' | 'console';

/** Fields every inbound event carries. Ids are always strings (Zalo ids and PSIDs exceed 2^53). */
export interface InboundBase {
  channel: ChannelName;
  /** Who to answer: Zalo `sender.id`/`follower.id`/`user_id`, Messenger PSID. */
  userId: string;
  /** Platform message id, or a key derived from (event, user, timestamp) when the platform gives none. */
  eventId: string;
  /** Epoch milliseconds as sent by the platform. */
  timestamp: number;
  /**
   * Messenger: the event came in `standby[]`, another app (the Page Inbox) owns the thread and we must not
   * send. Only the handoff looks at it ("menu" / "bot ơi" take the thread back); nothing else answers it.
   */
  standby?: true;
}

export type InboundEvent = InboundBase &
  (
    | { kind: 'text'; text: string }
    /** A tapped button, quick reply, postback or persistent-menu item: route on `payload`. */
    | { kind: 'payload'; payload: string; title?: string }
    | { kind: 'location'; latitude: number; longitude: number; label?: string }
    | { kind: 'attachment'; attachmentType: 'image' | 'sticker' | 'audio' | 'video' | 'file' | 'other' }
    /** A user opened the conversation: follow, Get Started, "chat now", m.me referral. */
    | { kind: 'start'; reason: 'follow' | 'get_started' | 'chat_now' | 'referral'; ref?: string }
    | { kind: 'unfollow' }
    /** Answer to a Zalo request_user_info card or a Messenger phone/email quick reply. Personal data. */
    | { kind: 'contact'; name?: string; phone?: string; address?: string; province?: string; ward?: string }
    /** The page/OA wrote to the user: our own echo (byHuman false) or a staff member (byHuman true). */
    | { kind: 'echo'; byHuman: boolean }
    /** Read/seen/delivery receipts and standby traffic: recorded, never answered. */
    | { kind: 'receipt' }
    /** Messenger: the Page Inbox passed the thread back to us (a person marked the conversation done). */
    | { kind: 'thread_back' }
  );

export type InboundKind = InboundEvent['kind'];

/** A tappable choice. `payload` uses the `#topic:value` grammar so a Zalo tap that comes back as text is recognised. */
export interface Choice {
  title: string;
  payload: string;
}

export type OutboundMessage =
  /** Text, optionally with choices. Renderers fit choices to each platform's limits (Zalo ≤ 5 buttons, Messenger ≤ 13 quick replies). */
  | { kind: 'text'; text: string; choices?: Choice[] }
  /** Ask for name and phone with the platform's own card (Zalo request_user_info; Messenger phone quick reply). */
  | { kind: 'request_contact'; title: string; subtitle: string; imageUrl?: string }
  /** Ask the user to share a location pin (text instructions on platforms without a native ask). */
  | { kind: 'request_location'; text: string }
  /**
   * Messenger's handover protocol, in order with the messages around it: pass the thread to the Page Inbox (a
   * person answers there) or take it back for the bot. Channels without one send nothing for it.
   */
  | { kind: 'handover'; to: 'inbox' | 'bot'; metadata?: string };

/** What a channel sends to one user in one turn, in order. */
export interface OutboundBatch {
  channel: ChannelName;
  userId: string;
  messages: OutboundMessage[];
}

/** The `#topic:value` grammar shared by all payloads: one parser used by every adapter. */
const PAYLOAD = /^#([a-z_]+)(?::([^\s]*))?$/;

export function isPayload(text: string): boolean {
  return PAYLOAD.test(text.trim());
}

export function parsePayload(text: string): { topic: string; value: string } | undefined {
  const m = PAYLOAD.exec(text.trim());
  return m ? { topic: m[1]!, value: m[2] ?? '' } : undefined;
}
