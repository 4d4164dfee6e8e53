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

export function outboundJobId(job: Pick<OutboundJob, 'channel' | 'userId' | 'seq' | 'cause'>): string {
  return `${job.channel}:${job.userId}:${job.seq}:${job.cause}`;
}
