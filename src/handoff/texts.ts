import type { i18n } from 'i18next';
import type { Choice, OutboundMessage } from '../channels/types.ts';
import { formatPhoneVn } from '../language/index.ts';
import { HOTLINE, LeadTexts } from '../leads/texts.ts';
import { vietnamMoment } from './hours.ts';
import type { Ticket } from './types.ts';

/** The staff member's "close" button; Zalo sends it back as text, the adapter turns it into a payload event. */
export const closePayload = (ticketId: string) => `#handoff:close:${ticketId}`;

/** Valid at any time: the engine routes them, and the handoff takes them as "back to the bot". */
export const MENU_PAYLOAD = '#intent:menu';
/** "Delete my data" (the privacy flow asks to confirm). */
export const DELETE_PAYLOAD = '#intent:delete_data';
/** The callback offer: the lead flow (consent, name, phone, place → the nearest collection agent calls). */
export const CALLBACK_PAYLOAD = '#intent:agent';

/** Every text of the handoff, from locales/<lng>/handoff.json. */
export class HandoffTexts {
  private readonly leads: LeadTexts;

  constructor(private readonly i18n: i18n) {
    this.leads = new LeadTexts(i18n);
  }

  private t(key: string, vars: Record<string, unknown> = {}): string {
    return this.i18n.t(`handoff:${key}`, { hotline: HOTLINE, ...vars });
  }

  private text(text: string, choices?: Choice[]): OutboundMessage {
    return choices ? { kind: 'text', text, choices } : { kind: 'text', text };
  }

  private menuButton(): Choice {
    return { title: this.t('user.btn_menu'), payload: MENU_PAYLOAD };
  }

  private callback(): OutboundMessage {
    return this.text(this.t('user.callback'), [{ title: this.t('user.btn_callback'), payload: CALLBACK_PAYLOAD }, this.menuButton()]);
  }

  /** "7 giờ 30 thứ Hai, ngày 30/11" (or "hôm nay" / "sáng mai"), Vietnam time. */
  when(at: number, now: number): string {
    const m = vietnamMoment(at, now);
    const weekday = this.i18n.t(`common:days.${m.weekday}`);
    const key = m.relative === 'tomorrow' && Number(m.time.split(' ')[0]) >= 12 ? 'tomorrow_afternoon' : m.relative;
    return this.t(`when.${key}`, { time: m.time, weekday, date: m.date });
  }

  /** What the user is told when the ticket opens: who was told and what happens now. */
  opened(ticket: Ticket, pauseMinutes: number): OutboundMessage[] {
    if (ticket.afterHours && ticket.answerFrom) {
      return [this.text(this.t('user.after_hours', { when: this.when(Date.parse(ticket.answerFrom), Date.parse(ticket.openedAt)) })), this.callback()];
    }
    if (ticket.notified.length === 0) return [this.text(this.t('user.no_staff')), this.callback()];
    return [this.text(this.t('user.notified', { minutes: pauseMinutes })), this.text(this.t('user.paused'), [this.menuButton()])];
  }

  already(): OutboundMessage {
    return this.text(this.t('user.already'));
  }

  back(): OutboundMessage {
    return this.text(this.t('user.back'));
  }

  closed(reason: 'staff' | 'timeout'): OutboundMessage[] {
    if (reason === 'staff') return [this.text(this.t('user.closed_staff'), [this.menuButton()])];
    return [this.text(this.t('user.closed_timeout'), [{ title: this.t('user.btn_callback'), payload: CALLBACK_PAYLOAD }, this.menuButton()])];
  }

  /** The topic as staff read it: the flow's name, an FAQ topic's title when the user was reading one. */
  topic(ticket: Pick<Ticket, 'topic' | 'step'>): string {
    const faq = ticket.topic === 'explain' && ticket.step ? this.i18n.t(`common:topic.${ticket.step}`, { defaultValue: '' }) : '';
    const flow = this.i18n.t(`handoff:topic.${ticket.topic}`, { defaultValue: ticket.topic });
    return faq ? `${flow}: ${faq}` : flow;
  }

  /** The notice to a staff member on Zalo: channel, topic, last estimate, phone only when consented, the close button. */
  notice(ticket: Ticket, now: number): OutboundMessage[] {
    const minutes = Math.max(1, Math.round((Date.parse(ticket.closesAt) - now) / 60_000));
    const lines = [
      this.t('staff.notice', { channel: this.t(`channel.${ticket.channel}`), id: ticket.id }),
      ...(ticket.afterHours ? [this.t('staff.after_hours', { when: this.when(Date.parse(ticket.openedAt), now) })] : []),
      this.t('staff.topic', { topic: this.topic(ticket) }),
      ...this.leads.estimateLines(ticket.estimate),
      ...(ticket.phone ? [this.t('staff.phone', { phone: formatPhoneVn(ticket.phone) })] : []),
      this.t(`staff.reply_${ticket.channel}`),
      this.t('staff.deadline', { minutes }),
    ];
    return [this.text(lines.join('\n'), [{ title: this.t('staff.btn_close'), payload: closePayload(ticket.id) }])];
  }

  staffNote(note: 'closed' | 'already_closed' | 'not_found', id: string): OutboundMessage[] {
    return [this.text(this.t(`staff.${note}`, { id }))];
  }

  /** The note handed to the Page Inbox with the thread (shown to whoever picks it up). */
  inboxNote(ticket: Ticket): string {
    return `${this.t('staff.notice', { channel: this.t(`channel.${ticket.channel}`), id: ticket.id })} ${this.t('staff.topic', { topic: this.topic(ticket) })}`.slice(0, 1000);
  }
}
