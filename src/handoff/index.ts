import type { i18n } from 'i18next';
import { createI18n } from '../i18n.ts';
import type { Extension, RuntimeCore } from '../runtime.ts';
import { staticRoster, type Roster } from './roster.ts';
import { HandoffService, type HandoffJob } from './service.ts';
import { HandoffTexts } from './texts.ts';
import { TicketStore } from './ticket-store.ts';

export { HandoffService, isBackToBot, type HandoffJob } from './service.ts';
export { TicketStore, ticketKeys, ticketIdFor } from './ticket-store.ts';
export { staticRoster, dutyAt, type Roster, type RosterMember } from './roster.ts';
export { parseOfficeHours, isOnDuty, nextOpening, DEFAULT_HOURS, type OfficeHours } from './hours.ts';
export type { Ticket, TicketCloseReason } from './types.ts';

export interface HandoffExtensionOptions {
  /** Who takes handoffs (the staff registry's members with a Zalo user id, `staffRoster` in src/console/roster.ts); default: nobody. */
  roster?: Roster | ((core: RuntimeCore) => Roster);
  /** Texts; defaults to locales/ (Vietnamese). */
  i18n?: i18n;
  /** false: this instance opens tickets but runs no handoff jobs (another instance does). Default true. */
  processJobs?: boolean;
  /** Called with the service once built: the console builds its tickets API on it (src/console/tickets.ts). */
  onReady?: (parts: { service: HandoffService; tickets: TicketStore }) => void;
}

/**
 * The human handoff as a runtime extension: `human_requested` opens a ticket and tells the on-duty staff on
 * Zalo (or says honestly when someone will answer), "menu" / "bot ơi" hand the user back, staff close tickets
 * from Zalo or the console, and tickets close by themselves after HUMAN_PAUSE_MINUTES. See src/handoff/README.md.
 */
export function createHandoffExtension(opts: HandoffExtensionOptions = {}): (core: RuntimeCore) => Extension {
  return (core) => {
    const tickets = new TicketStore(core.store, core.config.ticketRetentionDays * 86_400);
    const queue = core.makeQueue<HandoffJob>('handoff');
    const texts = new HandoffTexts(opts.i18n ?? createI18n());
    const service = new HandoffService({ core, tickets, roster: typeof opts.roster === 'function' ? opts.roster(core) : (opts.roster ?? staticRoster([])), queue, texts });
    if (opts.processJobs !== false) queue.process((job) => service.run(job));
    opts.onReady?.({ service, tickets });
    return {
      async onDomainEvent(event, ctx) {
        if (event.type === 'human_requested') return service.open(ctx);
        if (event.type === 'data_deletion_requested') await service.forgetUser(ctx.channel, ctx.userId, ctx.now);
        return undefined;
      },
      intercept: (event) => service.staffCommand(event),
      handBack: (event, ctx) => service.handBack(event, ctx),
      async stop() {
        await queue.close();
      },
    };
  };
}
