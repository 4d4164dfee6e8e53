import type { Logger } from 'pino';
import { eventTime } from '../channels/event-time.ts';
import type { ChannelName, InboundEvent, OutboundMessage } from '../channels/types.ts';
import { ErrorCodes } from '../errors.ts';
import type { DomainEvent, Engine, Session } from '../conversation/types.ts';
import type { Metrics } from '../metrics.ts';
import { prepareBatch, type PreparedBatch } from '../outbound/batch.ts';
import { noteParked } from '../outbound/dead-letter.ts';
import type { KnownAtCommit, OutboundJob } from '../outbound/types.ts';
import { keys, PROCESSED_TTL_SECONDS } from '../store/keys.ts';
import type { Store, StoreEntry } from '../store/types.ts';

/**
 * What a domain event's handler adds to the turn: replies said after the engine's (e.g. who was told about a
 * handoff), per-user writes committed with the session, and for `human_requested` whether the bot pauses
 * (default yes; no when nobody could be reached, so the user is not ignored for nothing).
 */
export interface DomainEffect {
  messages?: OutboundMessage[];
  writes?: StoreEntry[];
  pause?: boolean;
}

/** Runs a domain event's side effects (store a lead, open a ticket, delete data). Must be idempotent per eventId. */
export type DomainEventHandler = (
  event: DomainEvent,
  ctx: { channel: ChannelName; userId: string; eventId: string; now: Date; /** The session before this turn. */ session?: Session | undefined },
) => Promise<DomainEffect | void>;

/**
 * Gets a look at a user event while the bot is paused for them, or on Messenger while another app (the Page
 * Inbox) owns the thread, and at every event otherwise: hands the user back to the bot ("menu", "bot ơi") by
 * returning the event the engine should see and the replies said before the engine's. Undefined: nothing to do
 * (a paused user stays paused). Runs under the user's lock; must be idempotent.
 */
export type HandBack = (event: InboundEvent, ctx: { paused: boolean; now: Date }) => Promise<{ event: InboundEvent; messages: OutboundMessage[] } | undefined>;

/**
 * Gets first look at a user event, before the conversation engine: answers it (returns the replies) or lets
 * it through (undefined). The leads service uses it for collection agents' commands. Runs under the user's
 * lock and may be replayed after a crash, so it must be idempotent.
 */
export type EventInterceptor = (event: InboundEvent, ctx: { now: Date }) => Promise<OutboundMessage[] | undefined>;

/** What one engine turn did, handed to observers after it is committed (the console's funnel and unanswered list). */
export interface TurnObservation {
  event: InboundEvent;
  before: Session | undefined;
  after: Session;
  events: DomainEvent[];
  at: number;
}

/** Called after the commit, never awaited: counting must not slow or fail a turn. */
export type TurnObserver = (t: TurnObservation) => void;

export interface TurnDeps {
  store: Store;
  engine: Engine;
  /** Hands a committed batch of replies to delivery (outbound/dispatcher.ts); never throws, never waits. */
  dispatch: (job: OutboundJob, known?: KnownAtCommit) => void;
  metrics: Metrics;
  logger: Logger;
  onDomainEvent: DomainEventHandler;
  intercept?: EventInterceptor;
  handBack?: HandBack;
  observe?: TurnObserver;
  sessionTtlSeconds: number;
  humanPauseSeconds: number;
  /** Per channel: how long the platform lets us answer after the user's last interaction. */
  windowSeconds: (channel: ChannelName) => number;
  now?: () => number;
}

/** `dropped`: acknowledged but never looked at (dated more than 48 h ago or in the future; channels/event-time.ts). */
/**
 * How long a turn waits for the user's lock (held by their previous event, here or on another instance). A
 * turn takes milliseconds; past this the holder is stuck (Redis hangs, a crashed instance's lock not yet
 * expired) and the webhook answers 503 inside Zalo's 2 s, so the platform retries, rather than waiting.
 */
export const TURN_LOCK_WAIT_MS = 800;

export type TurnOutcome = 'handled' | 'duplicate' | 'paused' | 'recorded' | 'dropped';

/** Events that are the user reaching out to us: they open the platform's messaging window. */
const USER_INITIATED = new Set<InboundEvent['kind']>(['text', 'payload', 'location', 'attachment', 'start', 'contact']);

/**
 * One inbound event, end to end, under the user's lock (so several app instances keep each user's order):
 * dedupe → engine → domain side effects → one atomic write of session, dedupe marker and replies (outbox)
 * → hand the replies to the dispatcher. Any store failure throws, and the webhook answers 5xx so the platform
 * retries: nothing is acknowledged that is not stored.
 */
export function createTurnHandler(deps: TurnDeps) {
  const now = deps.now ?? Date.now;

  return async function handleEvent(event: InboundEvent): Promise<TurnOutcome> {
    const { channel, userId, eventId } = event;
    const when = eventTime(event, now());
    if (when !== 'ok') {
      // Before the store: a replayed capture costs no Redis work. Receipts are noise; anything else is worth a line.
      deps.metrics.eventsDropped.inc({ channel, reason: when });
      const code = when === 'stale' ? ErrorCodes.WEBHOOK_EVENT_STALE : ErrorCodes.WEBHOOK_EVENT_FUTURE;
      deps.logger[event.kind === 'receipt' ? 'debug' : 'warn']({ code, channel, kind: event.kind, ageMs: now() - event.timestamp }, 'webhook event outside the time window dropped');
      return 'dropped';
    }
    const started = performance.now();
    const processedKey = keys.processed(channel, userId, eventId);
    type Decided = { result: { outcome: TurnOutcome; job?: OutboundJob; known?: KnownAtCommit; parked?: OutboundJob }; writes: StoreEntry[] };
    let observed: TurnObservation | undefined;
    /** The batch to dispatch, or (the user's backlog full) the one parked in the dead-letter list. */
    const handOver = (batch: PreparedBatch | undefined, known: KnownAtCommit | undefined) =>
      !batch ? {} : batch.parked ? { parked: batch.job } : { job: batch.job, known };
    // Lock and read everything the turn needs in one round trip; write it all and unlock in a second one. The
    // replies are handed to the queue after the lock is released: they carry their sequence number, so the
    // deliverer keeps them in order, and the outbox entry written with the session covers a crash in between.
    const { outcome, job, known, parked } = await deps.store.transact(
      keys.turnLock(channel, userId),
      [processedKey, keys.humanPause(channel, userId), keys.session(channel, userId), keys.outSeq(channel, userId), keys.deliveredSeq(channel, userId)],
      async ([seen = null, pausedAt = null, rawSession = null, outSeq = null, deliveredSeq = null]): Promise<Decided> => {
        if (seen !== null) return { result: { outcome: 'duplicate' }, writes: [] };
        const at = now();
        const writes: StoreEntry[] = [{ key: processedKey, value: '1', ttlSeconds: PROCESSED_TTL_SECONDS }];
        // The user opens (or keeps open) the messaging window now; replies to anything else check it in the store.
        let known: KnownAtCommit | undefined;
        if (USER_INITIATED.has(event.kind)) {
          writes.push({ key: keys.lastInteraction(channel, userId), value: String(at), ttlSeconds: deps.windowSeconds(channel) });
          known = { deliveredSeq: Number(deliveredSeq ?? 0), lastInteractionAt: at };
        }

        if (event.kind === 'thread_back') {
          // The Page Inbox handed the thread back: only the handoff acts on it (closes the ticket, tells the user).
          const back = await deps.handBack?.(event, { paused: pausedAt !== null, now: new Date(at) });
          if (!back || back.messages.length === 0) return { result: { outcome: 'recorded' }, writes };
          const batch = prepareBatch(event, back.messages, eventId, at, outSeq, deliveredSeq);
          return { result: { outcome: 'handled', ...handOver(batch, undefined) }, writes: [...writes, ...batch.writes] };
        }
        if (event.kind === 'echo' || event.kind === 'receipt') {
          // A staff member wrote from the OA/Page inbox: stay quiet while they handle the user.
          if (event.kind === 'echo' && event.byHuman) {
            writes.push({ key: keys.humanPause(channel, userId), value: String(at), ttlSeconds: deps.humanPauseSeconds });
          }
          return { result: { outcome: 'recorded' }, writes };
        }
        const paused = deps.humanPauseSeconds > 0 && pausedAt !== null;
        // "menu" / "bot ơi" hand the user back to the bot at any time; standby traffic is otherwise never answered.
        const back = await deps.handBack?.(event, { paused: paused || event.standby === true, now: new Date(at) });
        if (!back && event.standby) return { result: { outcome: 'recorded' }, writes };
        if (!back && paused) return { result: { outcome: 'paused' }, writes };
        const turnEvent = back?.event ?? event;
        const said: OutboundMessage[] = [...(back?.messages ?? [])];

        const intercepted = await deps.intercept?.(turnEvent, { now: new Date(at) });
        if (intercepted) {
          said.push(...intercepted);
          const batch = said.length > 0 ? prepareBatch(event, said, eventId, at, outSeq, deliveredSeq) : undefined;
          return { result: { outcome: 'handled', ...handOver(batch, known) }, writes: [...writes, ...(batch?.writes ?? [])] };
        }

        const session = rawSession === null ? undefined : (JSON.parse(rawSession) as Session);
        const result = deps.engine.turn(session, turnEvent, new Date(at));
        said.push(...result.messages);
        if (deps.observe) observed = { event: turnEvent, before: session, after: result.session, events: result.events, at };

        for (const domainEvent of result.events) {
          const effect = await deps.onDomainEvent(domainEvent, { channel, userId, eventId, now: new Date(at), session });
          if (effect?.messages) said.push(...effect.messages);
          if (effect?.writes) writes.push(...effect.writes);
          if (domainEvent.type === 'human_requested' && deps.humanPauseSeconds > 0 && effect?.pause !== false) {
            writes.push({ key: keys.humanPause(channel, userId), value: String(at), ttlSeconds: deps.humanPauseSeconds });
          }
        }
        // After "delete my data" the handler has removed the session: do not write it back.
        if (!result.events.some((e) => e.type === 'data_deletion_requested')) {
          writes.push({ key: keys.session(channel, userId), value: JSON.stringify(result.session), ttlSeconds: deps.sessionTtlSeconds });
        }
        if (said.length === 0) return { result: { outcome: 'handled' }, writes };
        const batch = prepareBatch(event, said, eventId, at, outSeq, deliveredSeq);
        return { result: { outcome: 'handled', ...handOver(batch, known) }, writes: [...writes, ...batch.writes] };
      },
      { waitMs: TURN_LOCK_WAIT_MS },
    );
    if (job) deps.dispatch(job, known);
    if (observed && outcome === 'handled') deps.observe?.(observed);
    if (parked) noteParked(deps, parked, 'backlog_full', undefined);
    deps.metrics.turnSeconds.observe({ channel }, (performance.now() - started) / 1000);
    if (outcome === 'duplicate') deps.metrics.duplicates.inc({ channel });
    return outcome;
  };
}
