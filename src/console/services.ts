import type { Engine } from '../conversation/types.ts';
import type { LeadStore } from '../leads/lead-store.ts';
import type { AgentRegistry } from '../leads/registry.ts';
import type { LeadService } from '../leads/service.ts';
import type { Store } from '../store/types.ts';
import type { AgentReach } from './agent-reach.ts';
import type { AgentStats } from './agent-stats.ts';
import type { AuditLog } from './audit.ts';
import type { ConsoleAuth } from './auth.ts';
import type { Funnel } from './funnel.ts';
import type { StaffRegistry } from './staff.ts';
import type { Targets } from './targets.ts';
import type { TicketsApi } from './tickets.ts';
import type { UnansweredQuestions } from './unanswered.ts';

export type { TicketsApi, Ticket as ConsoleTicket } from './tickets.ts';

export interface ConsoleServices {
  store: Store;
  staff: StaffRegistry;
  auth: ConsoleAuth;
  audit: AuditLog;
  leads: LeadStore;
  leadService: LeadService;
  agents: AgentRegistry;
  funnel: Funnel;
  unanswered: UnansweredQuestions;
  agentStats: AgentStats;
  agentReach: AgentReach;
  targets: Targets;
  tickets: TicketsApi | undefined;
  engine: Engine;
  /** Zalo's messaging window, to show how long each agent stays reachable. */
  zaloWindowSeconds: number;
  now: () => number;
}
