import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The app's Prometheus metrics, on a registry of their own (not the global one) so tests and several app
 * instances in one process do not share counters.
 */
export interface Metrics {
  registry: Registry;
  eventsIn: Counter<'channel' | 'kind'>;
  /** Webhook items acknowledged but not processed: a malformed entry or event, one too old or dated in the future. */
  eventsDropped: Counter<'channel' | 'reason'>;
  duplicates: Counter<'channel'>;
  signatureFailures: Counter<'channel' | 'reason'>;
  sends: Counter<'channel' | 'outcome'>;
  queueDepth: Gauge<'state'>;
  /** Messages of batches parked in the dead-letter list, by reason. */
  parked: Counter<'channel' | 'reason'>;
  /** Batches in the dead-letter list now (refreshed at scrape). */
  deadLetters: Gauge;
  /** Reply batches committed and not yet delivered nor parked (refreshed at scrape). */
  undelivered: Gauge;
  /** Age of the oldest of those: alert on it (a platform down, a stuck user). */
  oldestUndeliveredSeconds: Gauge;
  turnSeconds: Histogram<'channel'>;
  replyDelaySeconds: Histogram<'channel'>;
  /** Handoffs to a person, by outcome: notified (staff told), after_hours (told when someone is on duty), nobody_reachable. */
  handoffs: Counter<'channel' | 'outcome'>;
  /** On-duty staff a handoff notice could not reach (outside Zalo's 7-day window). */
  handoffStaffUnreachable: Counter;
  handoffsClosed: Counter<'reason'>;
}

export function createMetrics(opts: { defaults?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (opts.defaults) collectDefaultMetrics({ register: registry });
  return {
    registry,
    handoffs: new Counter({ name: 'bhxh_handoffs_total', help: 'Requests to talk to a person, by outcome', labelNames: ['channel', 'outcome'], registers: [registry] }),
    handoffStaffUnreachable: new Counter({
      name: 'bhxh_handoff_staff_unreachable_total',
      help: 'On-duty staff a handoff notice could not reach (outside the Zalo 7-day window)',
      registers: [registry],
    }),
    handoffsClosed: new Counter({ name: 'bhxh_handoffs_closed_total', help: 'Handoff tickets closed, by reason (staff, timeout, user)', labelNames: ['reason'], registers: [registry] }),
    eventsIn: new Counter({ name: 'bhxh_events_in_total', help: 'Webhook events received, by channel and kind', labelNames: ['channel', 'kind'], registers: [registry] }),
    eventsDropped: new Counter({
      name: 'bhxh_events_dropped_total',
      help: 'Webhook entries and events acknowledged but dropped (malformed, stale, dated in the future)',
      labelNames: ['channel', 'reason'],
      registers: [registry],
    }),
    duplicates: new Counter({ name: 'bhxh_duplicate_events_total', help: 'Redelivered events skipped', labelNames: ['channel'], registers: [registry] }),
    signatureFailures: new Counter({ name: 'bhxh_signature_failures_total', help: 'Webhook requests refused for their signature', labelNames: ['channel', 'reason'], registers: [registry] }),
    sends: new Counter({ name: 'bhxh_sends_total', help: 'Messages sent to platforms, by outcome', labelNames: ['channel', 'outcome'], registers: [registry] }),
    queueDepth: new Gauge({ name: 'bhxh_outbound_queue_depth', help: 'Outbound jobs by state', labelNames: ['state'], registers: [registry] }),
    parked: new Counter({
      name: 'bhxh_outbound_parked_total',
      help: 'Reply messages given up on and kept in the dead-letter list, by reason',
      labelNames: ['channel', 'reason'],
      registers: [registry],
    }),
    deadLetters: new Gauge({ name: 'bhxh_outbound_dead_letter', help: 'Reply batches in the dead-letter list', registers: [registry] }),
    undelivered: new Gauge({ name: 'bhxh_outbound_undelivered', help: 'Reply batches committed, not yet delivered nor parked', registers: [registry] }),
    oldestUndeliveredSeconds: new Gauge({
      name: 'bhxh_outbound_oldest_undelivered_seconds',
      help: 'Age of the oldest reply batch not yet delivered nor parked (0 when none)',
      registers: [registry],
    }),
    turnSeconds: new Histogram({
      name: 'bhxh_turn_duration_seconds',
      help: 'Time from webhook event parsed to session committed and replies queued',
      labelNames: ['channel'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2],
      registers: [registry],
    }),
    replyDelaySeconds: new Histogram({
      name: 'bhxh_reply_delay_seconds',
      help: 'Time from a batch of replies queued to its first message accepted by the platform',
      labelNames: ['channel'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
  };
}
