import type { HandoffService } from '../handoff/service.ts';
import type { TicketStore } from '../handoff/ticket-store.ts';
import type { Ticket } from '../handoff/types.ts';

export type { Ticket, TicketCloseReason } from '../handoff/types.ts';

/**
 * What the console's handoff pages (`/console/tickets`, `/api/v1/admin/tickets`) call. Listing reads the
 * tickets' time indexes (no keyspace scan); closing tells the user and gives the Messenger thread back, exactly
 * as a staff member's "Đóng yêu cầu" button on Zalo does. See src/console/README.md, section "Tickets".
 */
export interface TicketsApi {
  /** Open tickets oldest first (who has waited longest), or closed ones most recently closed first. */
  list(status: 'open' | 'closed', opts?: { limit?: number }): Promise<Ticket[]>;
  get(id: string): Promise<Ticket | undefined>;
  /**
   * Closes an open ticket on behalf of `staff` (the console username, recorded on the ticket). `closed` false:
   * it was already closed (`ticket` then says how) or does not exist (`ticket` undefined).
   */
  close(id: string, staff: string): Promise<{ closed: boolean; ticket: Ticket | undefined }>;
  /** The ticket's topic in Vietnamese, as the Zalo notice says it. */
  topic(ticket: Ticket): string;
}

const MAX_LIMIT = 500;

/** The API over the handoff extension's parts (`createHandoffExtension({ onReady })`). */
export function createTicketsApi(parts: { service: HandoffService; tickets: TicketStore }): TicketsApi {
  return {
    list: (status, opts = {}) => parts.tickets.list(status, Math.min(Math.max(1, opts.limit ?? 100), MAX_LIMIT)),
    get: (id) => parts.tickets.get(id),
    topic: (ticket) => parts.service.topicLabel(ticket),
    async close(id, staff) {
      const { ticket, changed } = await parts.service.close(id, 'staff', staff);
      return { closed: changed, ticket };
    },
  };
}
