import type { ChannelAdapter } from '../../src/channels/channel.ts';
import type { InboundEvent, OutboundMessage } from '../../src/channels/types.ts';
import type { Config } from '../../src/config.ts';
import { loadConfig } from '../../src/config.ts';
import type { Engine, Session } from '../../src/conversation/types.ts';
import { AppError, ErrorCodes } from '../../src/errors.ts';
import { createLogger } from '../../src/log.ts';

export const silentLogger = createLogger('silent');

/** Config for tests: no channels from the environment, the given Redis (or memory). */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({}), ...overrides };
}

/**
 * A channel double: body is JSON `{ events: InboundEvent[] }`, the header `x-test-signature: ok` signs it,
 * and sends are recorded. `failNext` makes the next sends throw the given error.
 */
export class FakeChannel implements ChannelAdapter {
  readonly name = 'zalo' as const;
  readonly windowSeconds = 7 * 86_400;
  readonly sent: { userId: string; message: OutboundMessage }[] = [];
  private failures: AppError[] = [];

  verifySignature(_raw: Buffer, headers: Record<string, string | string[] | undefined>) {
    const sig = headers['x-test-signature'];
    return sig === undefined ? 'missing' : sig === 'ok' ? 'ok' : 'invalid';
  }

  parse(raw: Buffer): InboundEvent[] {
    try {
      return (JSON.parse(raw.toString('utf8')) as { events: InboundEvent[] }).events;
    } catch (err) {
      throw new AppError(ErrorCodes.WEBHOOK_BODY_INVALID, 'not JSON', { cause: err });
    }
  }

  failNext(...errors: AppError[]): void {
    this.failures.push(...errors);
  }

  async send(userId: string, message: OutboundMessage): Promise<void> {
    const failure = this.failures.shift();
    if (failure) throw failure;
    this.sent.push({ userId, message });
  }

  texts(userId?: string): string[] {
    return this.sent.filter((s) => !userId || s.userId === userId).map((s) => (s.message.kind === 'text' ? s.message.text : s.message.kind));
  }
}

/** An engine double that answers each text with `#<turn> <text>` and a second line, so order is visible. */
export const echoEngine: Engine = {
  flowVersion: 'test',
  turn(session: Session | undefined, event: InboundEvent, now: Date) {
    const turns = Number(session?.vars.turns ?? 0) + 1;
    const text = event.kind === 'text' ? event.text : event.kind;
    const next: Session = session
      ? { ...session, vars: { ...session.vars, turns }, updatedAt: now.getTime() }
      : {
          schema: 1, channel: event.channel, userId: event.userId, flowVersion: 'test', position: undefined, resumeTo: undefined,
          vars: { turns }, failures: 0, createdAt: now.getTime(), updatedAt: now.getTime(),
        };
    const events = text === 'human' ? [{ type: 'human_requested' as const }] : text === 'delete' ? [{ type: 'data_deletion_requested' as const }] : [];
    return { session: next, messages: [{ kind: 'text', text: `#${turns} ${text}` }, { kind: 'text', text: `#${turns} end` }], events };
  },
};

export function textEvent(userId: string, eventId: string, text: string, timestamp = Date.now()): InboundEvent {
  return { channel: 'zalo', userId, eventId, timestamp, kind: 'text', text };
}

export function until(check: () => boolean | Promise<boolean>, ms = 5_000): Promise<void> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const tick = async () => {
      if (await check()) return resolve();
      if (Date.now() - start > ms) return reject(new Error('condition not met in time'));
      setTimeout(tick, 10);
    };
    void tick();
  });
}

/**
 * Like a platform: hands the event to the app and, on anything but success, sends the same event again a little
 * later, until it is acknowledged. Returns how many tries it took.
 */
export async function deliverUntilAcknowledged(handle: (e: InboundEvent) => Promise<unknown>, event: InboundEvent, pauseMs = 100): Promise<number> {
  for (let tries = 1; ; tries++) {
    if (await handle(event).then(() => true, () => false)) return tries;
    await new Promise((r) => setTimeout(r, pauseMs));
  }
}

/**
 * A clock that starts at `iso` and runs at real speed: for tests that post the shared platform fixtures, whose
 * timestamps are fixed (2026-11-20), so the events are not judged older than 48 h (channels/event-time.ts).
 */
export function clockAt(iso: string): () => number {
  const start = Date.parse(iso);
  const realStart = Date.now();
  return () => start + (Date.now() - realStart);
}

/** After our webhook fixtures' own timestamps (test/fixtures/webhooks: 26 Nov 2026 from 08:30 in Vietnam, the last about an hour later). */
export const FIXTURE_NOW = '2026-11-26T03:00:00Z';
