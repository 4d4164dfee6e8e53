import type { ChannelName, OutboundMessage } from '../channels/types.ts';

/** One turn's replies to one user. `seq` orders the user's batches; `sent` counts messages already delivered. */
export interface OutboundJob {
  channel: ChannelName;
  userId: string;
  seq: number;
  /** The inbound event this batch answers (or the lead event that caused it); makes the job id unique. */
  cause: string;
  messages: OutboundMessage[];
  sent: number;
  /** Epoch ms the turn queued it; bounds how long it waits for an earlier batch. */
  queuedAt: number;
}

/**
 * What the turn that committed a batch read under the user's lock: the user's delivered sequence number and
 * when they last wrote. Both only grow, so they stay true lower bounds; they spare the first delivery try a
 * store read when the batch is next in line and inside the messaging window.
 */
export interface KnownAtCommit {
  deliveredSeq: number;
  lastInteractionAt: number;
}

export function outboundJobId(job: Pick<OutboundJob, 'channel' | 'userId' | 'seq' | 'cause'>): string {
  return `${job.channel}:${job.userId}:${job.seq}:${job.cause}`;
}
