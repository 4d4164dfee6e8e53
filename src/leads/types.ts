import type { ChannelName } from '../channels/types.ts';
import type { LeadDraft } from '../conversation/types.ts';

/** One collection point from the operator's CSV (see agents-csv.ts for the format). */
export interface Agent {
  id: string;
  name: string;
  kind: 'post_office' | 'commune_agent' | 'insurance_office';
  phone: string;
  /** OA-scoped Zalo user id of the agent (agents follow the OA); a decimal string, never a number. */
  zaloUserId: string;
  wardCode: string;
  provinceCode: string;
  lat?: number;
  lon?: number;
  address?: string;
  hours?: string;
  active: boolean;
  /** Demo data: every text that shows this agent says so. */
  sample: boolean;
}

export interface GeoPoint {
  lat: number;
  lon: number;
}

export const LEAD_STATUSES = ['new', 'offered', 'accepted', 'contacted', 'registered', 'declined', 'expired'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

export type LeadHistoryEvent =
  | 'created'
  | 'offered'
  | 'declined'
  | 'timeout'
  /** The agent has not written to the OA within Zalo's window, so no notice can reach them: skipped at once. */
  | 'unreachable'
  | 'accepted'
  | 'contacted'
  | 'registered'
  /** Nobody left to offer it to: the user got the office advice. */
  | 'exhausted'
  | 'personal_data_deleted'
  /** Office staff gave the lead to another agent from the console (`by` names them). */
  | 'reassigned';

export interface LeadHistoryEntry {
  at: string;
  event: LeadHistoryEvent;
  status: LeadStatus;
  agentId?: string;
  /** Console username, for changes made by office staff. */
  by?: string;
}

/**
 * A warm lead. Only consented fields are kept; "delete my data" clears `userId`, `name`, `phone`, the precise
 * location and the estimate, and keeps the rest for anonymous counts.
 */
export interface Lead {
  id: string;
  channel: ChannelName;
  /** Empty once the user asked to delete their data. */
  userId: string;
  consent: LeadDraft['consent'];
  name?: string;
  phone?: string;
  location: LeadDraft['location'];
  /** Kept for counts even after deletion. */
  provinceCode?: string;
  /** Commune (5-digit ward code) the lead was routed for: the user's, or the first candidate agent's. Kept for counts. */
  wardCode?: string;
  estimate?: Record<string, unknown>;
  status: LeadStatus;
  /** Agent ids in the order they are offered the lead, fixed when the lead is created. */
  candidates: string[];
  /** Index in `candidates` of the agent currently (or last) offered the lead; -1 before the first offer. */
  offerIndex: number;
  assignedAgentId?: string;
  createdAt: string;
  updatedAt: string;
  history: LeadHistoryEntry[];
  personalDataDeleted?: boolean;
}
