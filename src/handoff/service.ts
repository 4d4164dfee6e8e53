import type { ChannelName, InboundEvent, OutboundMessage } from '../channels/types.ts';
import { parsePayload } from '../channels/types.ts';
import type { Session } from '../conversation/types.ts';
import { commandWords } from '../leads/agent-commands.ts';
import type { JobQueue } from '../queue/types.ts';
import type { RuntimeCore } from '../runtime.ts';
import { keys } from '../store/keys.ts';
import type { DomainEffect } from '../turn/handle-event.ts';
import { dutyAt, type Roster, type RosterMember } from './roster.ts';
import type { HandoffTexts } from './texts.ts';
import { DELETE_PAYLOAD, MENU_PAYLOAD } from './texts.ts';
import { ticketIdFor, type TicketStore } from './ticket-store.ts';
import type { Ticket, TicketCloseReason } from './types.ts';

/** Work the handoff queue does, each idempotent. */
export type HandoffJob =
  /** Tell the staff the ticket names (after hours: first decide who is on duty now). */
  | { type: 'notify'; ticketId: string }
  /** Close the ticket if it is still open at its `closesAt`. */
  | { type: 'timeout'; ticketId: string }
  /** After a close by staff or timeout: give the thread back, lift the pause, tell the user. */
  | { type: 'closed'; ticketId: string };

export interface HandoffServiceDeps {
  core: RuntimeCore;
  tickets: TicketStore;
  roster: Roster;
  queue: JobQueue<HandoffJob>;
  texts: HandoffTexts;
}

/** What the user types to have the bot back, folded (no diacritics, lowercase), and what the engine then gets. */
const BACK_TO_BOT = new Map<string, string>([
  ...['menu', 'menu chinh', 've menu', 'quay lai menu', 'mo menu', 'bot', 'bot oi', 'chat bot', 'chatbot', 'tro ly', 'tro ly oi', 'quay lai bot',
    'quay lai tro ly', 'gap bot', 'noi chuyen voi bot'].map((w) => [w, MENU_PAYLOAD] as const),
  // Deleting one's data is a right: it is never held back by a pause.
  ...['xoa du lieu', 'xoa du lieu cua toi', 'xoa thong tin cua toi', 'xoa het du lieu'].map((w) => [w, DELETE_PAYLOAD] as const),
]);

/** A tapped bot button (menu, callback, a persistent-menu item), or "menu" / "bot ơi" typed; never "gặp nhân viên" again. */
export function isBackToBot(event: InboundEvent): boolean {
  return backTo(event) !== undefined;
}

/** The event the engine should see when `event` hands the user back to the bot; undefined when it does not. */
function backTo(event: InboundEvent): InboundEvent | undefined {
  const raw = event.kind === 'payload' ? event.payload : event.kind === 'text' ? event.text : undefined;
  if (raw === undefined) return undefined;
  const { standby: _standby, ...plain } = event;
  const p = parsePayload(raw);
  if (p) return (p.topic === 'intent' && p.value !== 'human') || p.topic === 'menu' ? (plain as InboundEvent) : undefined;
  const payload = event.kind === 'text' ? BACK_TO_BOT.get(commandWords(raw)) : undefined;
  return payload === undefined ? undefined : { ...plain, kind: 'payload', payload };
}

/**
 * The human handoff: a ticket per request, the on-duty staff told on Zalo (through the same per-user outbound
 * path as the agents' lead notices), the Messenger thread passed to the Page Inbox where the app has the
 * handover protocol, and the way back to the bot. Logs carry ticket ids, staff ids and counts, never a user id,
 * a phone or message text.
 */
export class HandoffService {
  constructor(private readonly d: HandoffServiceDeps) {}

  private get core() {
    return this.d.core;
  }

  private get pauseMs(): number {
    // HUMAN_PAUSE_MINUTES=0 turns the pause off; a ticket still needs a lifetime.
    return (this.core.config.humanPauseSeconds || 1_800) * 1000;
  }

  private handover(channel: ChannelName): boolean {
    return channel === 'messenger' && this.core.config.messenger?.handover !== undefined;
  }

  /** On-duty members the OA can still write to (Zalo's 7-day window after their last message) and the others. */
  private async reach(members: RosterMember[]): Promise<{ notified: string[]; unreachable: string[] }> {
    const open = await Promise.all(members.map(async (m) => (await this.core.store.get(keys.lastInteraction('zalo', m.zaloUserId))) !== null));
    return { notified: members.filter((_, i) => open[i]).map((m) => m.id), unreachable: members.filter((_, i) => !open[i]).map((m) => m.id) };
  }

  private duty(members: RosterMember[], at: number) {
    return dutyAt(members, at, (m) => this.core.logger.warn({ staff: m.id }, 'staff office hours unreadable: left out of the handoff roster'));
  }

  private countUnreachable(ticket: Ticket): void {
    if (ticket.unreachable.length === 0) return;
    this.core.metrics.handoffStaffUnreachable.inc(ticket.unreachable.length);
    this.core.logger.warn({ ticketId: ticket.id, unreachable: ticket.unreachable }, 'on-duty staff outside the Zalo messaging window: not told (ask them to message the OA)');
  }

  /** What the turn says and writes for a ticket (the same on a replay). */
  private effect(ticket: Ticket): DomainEffect {
    const pauseMinutes = Math.round(this.pauseMs / 60_000);
    const messages = this.d.texts.opened(ticket, pauseMinutes);
    if (ticket.handedOver) messages.push({ kind: 'handover', to: 'inbox', metadata: this.d.texts.inboxNote(ticket) });
    // Pause only when somebody is coming: otherwise the user would be ignored for nothing.
    return { messages, pause: ticket.notified.length > 0 && !ticket.afterHours };
  }

  /**
   * `human_requested`, inside the user's turn before it commits: opens the ticket (once per event), decides who
   * is told, and returns what the user is told. Staff are notified from the queue, at once or, after hours,
   * when the first of them comes on duty.
   */
  async open(ctx: { channel: ChannelName; userId: string; eventId: string; now: Date; session?: Session | undefined }): Promise<DomainEffect> {
    const id = ticketIdFor(ctx.channel, ctx.userId, ctx.eventId);
    const replay = await this.d.tickets.get(id);
    if (replay) return this.effect(replay);
    const current = await this.d.tickets.openFor(ctx.channel, ctx.userId);
    if (current) return { messages: [this.d.texts.already()], pause: current.notified.length > 0 && !current.afterHours };

    const at = ctx.now.getTime();
    const members = await this.d.roster.members();
    const duty = this.duty(members, at);
    const afterHours = duty.onDuty.length === 0 && duty.nextOpening !== undefined;
    const { notified, unreachable } = afterHours ? { notified: [], unreachable: [] } : await this.reach(duty.onDuty);
    const session = ctx.session;
    const vars = session?.vars ?? {};
    const estimate = vars.estimate && typeof vars.estimate === 'object' ? (vars.estimate as Record<string, unknown>) : undefined;
    // The phone goes to staff only when the user consented to be contacted (they were giving it in the lead flow).
    const phone = vars.consent && typeof vars.phone === 'string' ? vars.phone : undefined;
    const base = afterHours ? duty.nextOpening! : at;
    const ticket: Ticket = {
      id,
      channel: ctx.channel,
      userId: ctx.userId,
      status: 'open',
      openedAt: ctx.now.toISOString(),
      topic: session?.position?.flow ?? session?.resumeTo?.flow ?? 'menu',
      ...(session?.position ? { step: session.position.step } : {}),
      ...(estimate ? { estimate } : {}),
      ...(phone ? { phone } : {}),
      afterHours,
      ...(afterHours ? { answerFrom: new Date(duty.nextOpening!).toISOString() } : {}),
      notified,
      unreachable,
      handedOver: !afterHours && notified.length > 0 && this.handover(ctx.channel),
      closesAt: new Date(base + this.pauseMs).toISOString(),
    };
    const stored = await this.d.tickets.create(ticket);
    if (stored === ticket) {
      const outcome = afterHours ? 'after_hours' : notified.length > 0 ? 'notified' : 'nobody_reachable';
      this.core.metrics.handoffs.inc({ channel: ctx.channel, outcome });
      this.countUnreachable(ticket);
      this.core.logger.info({ ticketId: id, outcome, notified: notified.length, unreachable: unreachable.length, topic: ticket.topic }, 'handoff ticket opened');
    }
    await this.d.queue.add(`handoff-timeout:${id}`, { type: 'timeout', ticketId: id }, { delayMs: Math.max(0, Date.parse(stored.closesAt) - at) });
    if (afterHours) await this.d.queue.add(`handoff-notify:${id}`, { type: 'notify', ticketId: id }, { delayMs: Math.max(0, base - at) });
    else if (notified.length > 0) await this.d.queue.add(`handoff-notify:${id}`, { type: 'notify', ticketId: id });
    return this.effect(stored);
  }

  /** The topic as staff read it ("tính mức đóng", "tìm hiểu BHXH tự nguyện: Rút BHXH một lần" …). */
  topicLabel(ticket: Pick<Ticket, 'topic' | 'step'>): string {
    return this.d.texts.topic(ticket);
  }

  /** The queue's handler. */
  async run(job: HandoffJob): Promise<void> {
    const ticket = await this.d.tickets.get(job.ticketId);
    if (!ticket) return; // expired by retention: nothing to do
    if (job.type === 'notify') return this.notify(ticket);
    if (job.type === 'timeout') return this.timeout(ticket);
    return this.tellClosed(ticket);
  }

  /**
   * Closes a ticket nobody has touched for HUMAN_PAUSE_MINUTES. A staff member still answering (their replies from
   * OA Manager / the Page Inbox renew the user's pause) keeps it open until that much time after their last reply.
   */
  private async timeout(ticket: Ticket): Promise<void> {
    if (ticket.status !== 'open') return;
    const pausedAt = Number((await this.core.store.get(keys.humanPause(ticket.channel, ticket.userId))) ?? 0);
    const until = pausedAt + this.pauseMs;
    if (pausedAt > Date.parse(ticket.openedAt) && until > this.core.now()) {
      await this.d.queue.add(`handoff-timeout:${ticket.id}:${pausedAt}`, { type: 'timeout', ticketId: ticket.id }, { delayMs: until - this.core.now() });
      return;
    }
    await this.close(ticket.id, 'timeout');
  }

  private async notify(ticket: Ticket): Promise<void> {
    if (ticket.status !== 'open') return;
    let target = ticket;
    if (ticket.afterHours && ticket.notified.length === 0 && ticket.unreachable.length === 0) {
      // The first shift of the morning: whoever is on duty now and can be reached.
      const members = await this.d.roster.members();
      const reach = await this.reach(this.duty(members, this.core.now()).onDuty);
      const updated = await this.d.tickets.assign(ticket.id, reach.notified, reach.unreachable);
      if (!updated) return;
      target = updated;
      this.countUnreachable(target);
    }
    const members = new Map((await this.d.roster.members()).map((m) => [m.id, m]));
    const notice = this.d.texts.notice(target, this.core.now());
    for (const staffId of target.notified) {
      const member = members.get(staffId);
      if (member) await this.core.sendToUser({ channel: 'zalo', userId: member.zaloUserId }, notice, `handoff:${ticket.id}:notice:${staffId}`);
    }
  }

  /**
   * Closes an open ticket (console, a staff member's Zalo button, the timeout). The user is told and the thread
   * given back from the queue, never inside a turn. `changed` false when it was closed already.
   */
  async close(id: string, reason: Exclude<TicketCloseReason, 'user'>, staff?: string): Promise<{ ticket: Ticket | undefined; changed: boolean }> {
    const result = await this.d.tickets.close(id, new Date(this.core.now()), reason, staff);
    if (result.changed) {
      this.core.metrics.handoffsClosed.inc({ reason });
      this.core.logger.info({ ticketId: id, reason, staff }, 'handoff ticket closed');
      await this.d.queue.add(`handoff-closed:${id}`, { type: 'closed', ticketId: id });
      if (reason !== 'timeout') await this.d.queue.remove(`handoff-timeout:${id}`).catch(() => {});
    }
    return result;
  }

  private async tellClosed(ticket: Ticket): Promise<void> {
    if (ticket.closedBy !== 'staff' && ticket.closedBy !== 'timeout') return;
    if (!ticket.userId) return; // the user had their data deleted
    await this.core.store.del(keys.humanPause(ticket.channel, ticket.userId));
    const messages: OutboundMessage[] = [...(ticket.handedOver ? [{ kind: 'handover', to: 'bot' } as const] : []), ...this.d.texts.closed(ticket.closedBy)];
    await this.core.sendToUser({ channel: ticket.channel, userId: ticket.userId }, messages, `handoff:${ticket.id}:closed`);
  }

  /**
   * The turn's hand-back hook: "menu" / "bot ơi" (or a tapped bot button) while paused, in standby or with an
   * open ticket closes the ticket, lifts the pause, takes the Messenger thread back, and lets the engine answer.
   */
  async handBack(event: InboundEvent, ctx: { paused: boolean; now: Date }): Promise<{ event: InboundEvent; messages: OutboundMessage[] } | undefined> {
    if (event.kind === 'thread_back') return this.threadBack(event, ctx.now);
    const engineEvent = backTo(event);
    if (!engineEvent) return undefined;
    const ticket = await this.d.tickets.openFor(event.channel, event.userId);
    if (!ctx.paused && !ticket) return undefined;
    const messages: OutboundMessage[] = [];
    if (ticket) {
      const { changed } = await this.d.tickets.close(ticket.id, ctx.now, 'user');
      if (changed) {
        this.core.metrics.handoffsClosed.inc({ reason: 'user' });
        this.core.logger.info({ ticketId: ticket.id, reason: 'user' }, 'handoff ticket closed');
      }
      await this.d.queue.remove(`handoff-timeout:${ticket.id}`).catch(() => {});
    }
    if (ticket?.handedOver || event.standby) messages.push({ kind: 'handover', to: 'bot' });
    await this.core.store.del(keys.humanPause(event.channel, event.userId));
    // "The bot is back" only when it had gone quiet; a tap while it was answering just goes on.
    if (ctx.paused) messages.push(this.d.texts.back());
    return { event: engineEvent, messages };
  }

  /**
   * The Page Inbox passed the thread back (a person marked the conversation done): the ticket closes as by staff,
   * the pause lifts, and the user is told, in this turn (the thread is ours again, so no take is needed).
   */
  private async threadBack(event: InboundEvent, now: Date): Promise<{ event: InboundEvent; messages: OutboundMessage[] } | undefined> {
    const ticket = await this.d.tickets.openFor(event.channel, event.userId);
    await this.core.store.del(keys.humanPause(event.channel, event.userId));
    if (!ticket) return undefined;
    const { changed } = await this.d.tickets.close(ticket.id, now, 'staff', 'page_inbox');
    if (!changed) return undefined;
    this.core.metrics.handoffsClosed.inc({ reason: 'staff' });
    this.core.logger.info({ ticketId: ticket.id, reason: 'staff', staff: 'page_inbox' }, 'handoff ticket closed');
    await this.d.queue.remove(`handoff-timeout:${ticket.id}`).catch(() => {});
    return { event, messages: this.d.texts.closed('staff') };
  }

  /** Extension.intercept: a staff member's "close" button (`#handoff:close:<id>`) on Zalo. */
  async staffCommand(event: InboundEvent): Promise<OutboundMessage[] | undefined> {
    if (event.channel !== 'zalo') return undefined;
    const raw = event.kind === 'payload' ? event.payload : event.kind === 'text' ? event.text : undefined;
    const p = raw === undefined ? undefined : parsePayload(raw);
    if (p?.topic !== 'handoff') return undefined;
    const [action, id, ...rest] = p.value.split(':');
    if (action !== 'close' || !id || !/^[A-Za-z0-9]{1,32}$/.test(id) || rest.length > 0) return undefined;
    const member = (await this.d.roster.members()).find((m) => m.zaloUserId === event.userId);
    if (!member) return undefined;
    const { ticket, changed } = await this.close(id, 'staff', member.id);
    return this.d.texts.staffNote(!ticket ? 'not_found' : changed ? 'closed' : 'already_closed', id);
  }

  /** After "delete my data": the user's open ticket is closed and their tickets forget who they were. */
  async forgetUser(channel: ChannelName, userId: string, now: Date): Promise<void> {
    const ticket = await this.d.tickets.openFor(channel, userId);
    if (ticket) {
      await this.d.tickets.close(ticket.id, now, 'user');
      await this.d.queue.remove(`handoff-timeout:${ticket.id}`).catch(() => {});
    }
    await this.d.tickets.forgetUser(channel, userId);
  }
}
