import type { ChannelName } from '../channels/types.ts';
import { userTag } from './types.ts';

/**
 * Every store key in one place, so a reader can see the whole data model and "delete my data" can find
 * everything a user owns. Per-user keys share the user's hash tag.
 */
export const keys = {
  session: (c: ChannelName, u: string) => `sess:${userTag(c, u)}`,
  /** Marks a platform event as handled; written with the session so a retry after a crash is replayed, not lost. */
  processed: (c: ChannelName, u: string, eventId: string) => `seen:${userTag(c, u)}:${eventId}`,
  /** Number of reply batches queued for the user; the outbound worker delivers them in this order. */
  outSeq: (c: ChannelName, u: string) => `outseq:${userTag(c, u)}`,
  /** Number of reply batches delivered (or given up on) for the user. */
  deliveredSeq: (c: ChannelName, u: string) => `outdone:${userTag(c, u)}`,
  /** A turn's replies until they are delivered or parked (see outbound/outbox.ts). */
  outbox: (c: ChannelName, u: string, seq: number) => `outbox:${userTag(c, u)}:${seq}`,
  /** Messages of the user's current batch already accepted by the platform (`{seq, sent}`): a resend starts after them. */
  outProgress: (c: ChannelName, u: string) => `outprog:${userTag(c, u)}`,
  /** A reply batch given up on, with its reason, until an operator retries or drops it (outbound/dead-letter.ts). */
  deadLetter: (c: ChannelName, u: string, cause: string) => `dead:${userTag(c, u)}:${cause}`,
  /** Last time the user wrote to us; platforms only let us answer within a window after it. */
  lastInteraction: (c: ChannelName, u: string) => `last:${userTag(c, u)}`,
  /** Set while a person from the office is answering the user: the bot stays quiet. */
  humanPause: (c: ChannelName, u: string) => `pause:${userTag(c, u)}`,
  turnLock: (c: ChannelName, u: string) => `turn:${userTag(c, u)}`,
  /**
   * What "delete my data" removes. The reply counters stay (they hold no personal data) so replies queued
   * before and after the deletion keep their order.
   */
  userKeyPrefixes: (c: ChannelName, u: string) =>
    ['sess', 'seen', 'last', 'pause', 'dead'].map((p) => `${p}:${userTag(c, u)}`),
} as const;

/** Platforms retry for up to a day or more; remember handled events for 48 h at least. */
export const PROCESSED_TTL_SECONDS = 72 * 3600;
