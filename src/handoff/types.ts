import type { ChannelName } from '../channels/types.ts';

/** How a ticket ended: a staff member closed it (console or Zalo), nobody did in time, or the user went back to the bot. */
export type TicketCloseReason = 'staff' | 'timeout' | 'user';

/**
 * A user's request to talk to a person. Holds what staff need to pick the conversation up and no more: the
 * topic and the last estimate, the phone only when the user consented to be contacted (a lead).
 */
export interface Ticket {
  id: string;
  channel: ChannelName;
  userId: string;
  status: 'open' | 'closed';
  /** ISO instants. */
  openedAt: string;
  /** Where the user was when they asked: a flow id (`contribution`, `explain`, `lead` …), or `menu` at rest. */
  topic: string;
  /** The flow step, when they were in one (`contribution.ask_income`). */
  step?: string;
  /** The last estimate shown to the user (the session's `estimate`). */
  estimate?: Record<string, unknown>;
  /** E.164; only when the user consented to be contacted. */
  phone?: string;
  /** Nobody was on duty when the user asked; `answerFrom` is when someone will be. */
  afterHours: boolean;
  answerFrom?: string;
  /** Staff ids the notice went (or, after hours, will go) to. */
  notified: string[];
  /** On-duty staff who could not be told: outside Zalo's 7-day messaging window (they must write to the OA). */
  unreachable: string[];
  /** The Messenger thread was passed to the Page Inbox (MESSENGER_HANDOVER=on). */
  handedOver: boolean;
  /** When the ticket closes by itself (HUMAN_PAUSE_MINUTES after someone is on duty). */
  closesAt: string;
  closedAt?: string;
  closedBy?: TicketCloseReason;
  /** Username of the staff member who closed it. */
  closedByStaff?: string;
}
