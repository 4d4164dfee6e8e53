import type { ChannelAdapter } from '../channel.ts';
import type { Choice, InboundEvent, OutboundMessage } from '../types.ts';

/**
 * The local chat console as a channel: what the bot sends is printed, buttons as numbered choices, and a
 * typed number taps the matching button. It has no webhook: it is fed from stdin by the chat CLI.
 */
export class ConsoleChannel implements ChannelAdapter {
  readonly name = 'console' as const;
  readonly windowSeconds = 365 * 86_400;
  private choices: Choice[] = [];
  private counter = 0;

  constructor(private readonly write: (line: string) => void) {}

  verifySignature() {
    return 'invalid' as const;
  }

  parse(): InboundEvent[] {
    return [];
  }

  async send(_userId: string, message: OutboundMessage): Promise<void> {
    if (message.kind === 'handover') return; // Messenger only
    const text = message.kind === 'text' ? message.text : message.kind === 'request_contact' ? `${message.title}\n${message.subtitle}` : message.text;
    this.write(`Bot: ${text.replace(/\n/g, '\n     ')}`);
    if (message.kind === 'text' && message.choices?.length) {
      this.choices = message.choices;
      message.choices.forEach((c, i) => this.write(`     ${i + 1}. ${c.title}`));
    } else if (message.kind === 'request_contact') {
      this.write('     (gõ họ tên và số điện thoại của bạn)');
    }
  }

  /** A typed line as the event a platform would deliver: a number picks the last shown choice. */
  toEvent(line: string, userId = 'local'): InboundEvent {
    const base = { channel: 'console' as const, userId, eventId: `console-${Date.now()}-${++this.counter}`, timestamp: Date.now() };
    const picked = /^\d{1,2}$/.test(line.trim()) ? this.choices[Number(line.trim()) - 1] : undefined;
    return picked ? { ...base, kind: 'payload', payload: picked.payload, title: picked.title } : { ...base, kind: 'text', text: line };
  }
}
