import { AppError, ErrorCodes } from '../errors.ts';
import type { LeadStatus } from './types.ts';

/**
 * new → offered → accepted → contacted → registered. Office staff may give any lead not yet registered to another
 * agent from the console (→ offered, history event `reassigned`). An offer that is declined or times out moves to the
 * next agent (offered → offered); when nobody is left the lead ends declined (last answer was "no") or expired
 * (last agent never answered, or no agent at all).
 */
const NEXT: Record<LeadStatus, readonly LeadStatus[]> = {
  new: ['offered', 'expired'],
  offered: ['offered', 'accepted', 'declined', 'expired'],
  accepted: ['contacted', 'registered', 'offered'],
  contacted: ['registered', 'offered'],
  registered: [],
  declined: ['offered'],
  expired: ['offered'],
};

/** Leads an agent still works on: shown by "khách của tôi". */
export const OPEN_FOR_AGENT: readonly LeadStatus[] = ['offered', 'accepted', 'contacted'];

export function canTransition(from: LeadStatus, to: LeadStatus): boolean {
  return NEXT[from].includes(to);
}

export function assertTransition(leadId: string, from: LeadStatus, to: LeadStatus): void {
  if (!canTransition(from, to)) {
    throw new AppError(ErrorCodes.LEAD_TRANSITION_INVALID, `lead cannot go from ${from} to ${to}`, { details: { leadId, from, to } });
  }
}
