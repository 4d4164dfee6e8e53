import type { InboundEvent, OutboundMessage } from '../../src/channels/types.ts';
import type { DomainEvent, Engine, Session } from '../../src/conversation/types.ts';

export const NOW = new Date('2026-11-23T03:00:00Z'); // Monday 10:00 in Hà Nội

let n = 0;
const base = () => ({ channel: 'zalo' as const, userId: 'u1', eventId: `e${++n}`, timestamp: NOW.getTime() });
export const text = (t: string): InboundEvent => ({ ...base(), kind: 'text', text: t });
export const tap = (payload: string): InboundEvent => ({ ...base(), kind: 'payload', payload });
export const start = (): InboundEvent => ({ ...base(), kind: 'start', reason: 'follow' });

/** Drives an engine through events, keeping the session like the pipeline does. */
export class Driver {
  session: Session | undefined;
  messages: OutboundMessage[] = [];
  events: DomainEvent[] = [];
  constructor(readonly engine: Engine, readonly now: Date = NOW) {}

  send(event: InboundEvent): this {
    const r = this.engine.turn(this.session, event, this.now);
    this.session = r.session;
    this.messages = r.messages;
    this.events = r.events;
    return this;
  }
  say(t: string): this {
    return this.send(text(t));
  }
  tap(value: string): this {
    return this.send(tap(value.startsWith('#') ? value : `#choice:${value}`));
  }
  texts(): string[] {
    return this.messages.map((m) => (m.kind === 'request_contact' ? `[card] ${m.title}` : m.kind === 'handover' ? `[handover] ${m.to}` : m.text));
  }
  last(): OutboundMessage {
    return this.messages[this.messages.length - 1]!;
  }
  buttons(): string[] {
    const m = [...this.messages].reverse().find((x) => x.kind === 'text' && x.choices?.length);
    return m && m.kind === 'text' ? (m.choices ?? []).map((c) => c.payload) : [];
  }
  at(): string | undefined {
    const p = this.session?.position;
    return p ? `${p.flow}.${p.step}` : undefined;
  }
}
