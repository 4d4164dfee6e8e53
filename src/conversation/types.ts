import type { ChannelName, InboundEvent, OutboundMessage } from '../channels/types.ts';

/**
 * The contract between the conversation engine (pure) and the turn pipeline (I/O). The pipeline loads the
 * session, calls `Engine.turn`, then stores the new session, queues the messages and handles the domain
 * events, all under the user's lock.
 */

/** Where the user is and what they told us. Serialised as JSON in the store. */
export interface Session {
  /** Shape version of this object, for migrations. */
  schema: 1;
  channel: ChannelName;
  userId: string;
  /** Hash of the flow set the position refers to; a deploy that changes flows changes it. */
  flowVersion: string;
  /** Current flow and step; undefined when the user is at rest (between conversations). */
  position: { flow: string; step: string } | undefined;
  /** Where to come back to after a global intent (FAQ, help) interrupted a flow. */
  resumeTo: { flow: string; step: string } | undefined;
  /** Answers collected so far (income, sex, birth, paidMonths, …) and computed results. */
  vars: Record<string, unknown>;
  /** Failed attempts at the current ask, for the kind re-ask and the way out after 2 failures. */
  failures: number;
  /** Epoch ms of the first and latest turns. */
  createdAt: number;
  updatedAt: number;
}

/** Facts the engine reports for the rest of the system to act on. Never carry more personal data than needed. */
export type DomainEvent =
  /** The user asked for a person: the pipeline pauses the bot for them. */
  | { type: 'human_requested' }
  /** The user asked us to delete their data: session and leads' personal fields go. */
  | { type: 'data_deletion_requested' }
  /** An estimate was shown (for metrics and for attaching to a later lead). */
  | { type: 'estimate_shown'; kind: 'contribution' | 'pension' }
  /** The user consented and gave contact details: the leads service stores and routes it. */
  | { type: 'lead_submitted'; lead: LeadDraft }
  /** An agent tapped accept/decline or asked for their leads (payload `#lead:…`). */
  | { type: 'agent_command'; command: string; leadId?: string };

export interface LeadDraft {
  consent: { version: string; at: string };
  name?: string;
  /** E.164. */
  phone?: string;
  location:
    | { kind: 'point'; latitude: number; longitude: number }
    | { kind: 'place'; provinceCode: string; wardCode?: string; label: string }
    | { kind: 'none' };
  /** The estimate the user saw, so the agent can pick up the conversation where the bot left it. */
  estimate?: Record<string, unknown>;
}

export interface TurnResult {
  session: Session;
  messages: OutboundMessage[];
  events: DomainEvent[];
}

export interface Engine {
  /** Pure: the same inputs give the same outputs; no I/O, time comes from `now`. */
  turn(session: Session | undefined, event: InboundEvent, now: Date): TurnResult;
  /** Identifies the loaded flows; sessions carry it so a changed flow can be resumed gracefully. */
  readonly flowVersion: string;
}
