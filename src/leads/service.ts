import type { ChannelName, OutboundMessage } from '../channels/types.ts';
import type { LeadDraft } from '../conversation/types.ts';
import { AppError, isAppError, ErrorCodes } from '../errors.ts';
import type { JobQueue } from '../queue/types.ts';
import { keys } from '../store/keys.ts';
import type { RuntimeCore } from '../runtime.ts';
import type { CommunePoints } from './commune-points.ts';
import { leadIdFor, type LeadChange, LeadStore } from './lead-store.ts';
import type { AgentRegistry } from './registry.ts';
import { routeLead, type RoutingOptions } from './routing.ts';
import type { LeadTexts } from './texts.ts';
import type { Agent, Lead } from './types.ts';

/** Work the leads queue does, each idempotent: replays and retries change nothing twice. */
export type LeadJob =
  /** Brings the world in line with the lead's state: offer it, tell the user, give the office advice. */
  | { type: 'reconcile'; leadId: string }
  /** The agent offered the lead as `offerIndex` did not answer in time. */
  | { type: 'timeout'; leadId: string; offerIndex: number }
  /** Posts the lead to the operator's CRM (state as of history length `version`). */
  | { type: 'crm'; leadId: string; version: number };

export interface LeadServiceDeps {
  core: RuntimeCore;
  registry: AgentRegistry;
  leads: LeadStore;
  queue: JobQueue<LeadJob>;
  texts: LeadTexts;
  points: CommunePoints | undefined;
  routing: RoutingOptions;
  /** Posts a lead to the operator's CRM (CRM_WEBHOOK_URL); absent: no CRM jobs. */
  crm?: ((lead: Lead) => Promise<void>) | undefined;
}

export type AgentAction = 'accept' | 'decline' | 'contacted' | 'registered';

/**
 * The lead workflow. Every state change is decided under the lead's lock in the store and followed by queued
 * jobs, so several app instances, restarts and retries never lose or double a lead. Nothing here logs
 * personal data: lead ids, agent ids and statuses only.
 */
export class LeadService {
  constructor(private readonly d: LeadServiceDeps) {}

  private get log() {
    return this.d.core.logger;
  }

  private now(): Date {
    return new Date(this.d.core.now());
  }

  /** After each change: reconcile and (when configured) tell the CRM. Job ids carry the version, so each change runs once. */
  private async afterChange(lead: Lead): Promise<void> {
    await this.d.queue.add(`lead-reconcile:${lead.id}:${lead.history.length}`, { type: 'reconcile', leadId: lead.id });
    await this.toCrm(lead);
  }

  private async toCrm(lead: Lead): Promise<void> {
    const version = lead.history.length;
    if (this.d.crm) await this.d.queue.add(`lead-crm:${lead.id}:${version}`, { type: 'crm', leadId: lead.id, version });
  }

  /**
   * `lead_submitted`: runs inside the user's turn, before it commits. Stores the lead and queues its routing;
   * any failure throws, so the webhook answers 5xx and the platform retries with the same event id.
   */
  async submit(draft: LeadDraft, ctx: { channel: ChannelName; userId: string; eventId: string; now: Date }): Promise<Lead> {
    const id = leadIdFor(ctx.channel, ctx.userId, ctx.eventId);
    const existing = await this.d.leads.get(id);
    let lead = existing;
    if (!lead) {
      const candidates = await routeLead(draft.location, this.d.registry, this.d.points, this.d.routing);
      const provinceCode = draft.location.kind === 'place' ? draft.location.provinceCode : candidates[0]?.provinceCode;
      const wardCode = (draft.location.kind === 'place' ? draft.location.wardCode : undefined) ?? candidates[0]?.wardCode;
      lead = await this.d.leads.create({
        id,
        channel: ctx.channel,
        userId: ctx.userId,
        draft,
        candidates: candidates.map((a) => a.id),
        ...(provinceCode ? { provinceCode } : {}),
        ...(wardCode ? { wardCode } : {}),
        at: ctx.now,
      });
      this.log.info({ leadId: id, candidates: candidates.length, location: draft.location.kind }, 'lead stored');
    }
    await this.afterChange(lead);
    return lead;
  }

  private offerNext(lead: Lead, because: { event: 'declined' | 'timeout' | 'unreachable'; agentId: string } | undefined): LeadChange {
    const entries: LeadChange['entries'] = because ? [because] : [];
    const next = lead.offerIndex + 1;
    const agentId = lead.candidates[next];
    if (agentId === undefined) {
      entries.push({ event: 'exhausted' });
      return { status: because?.event === 'declined' ? 'declined' : 'expired', entries, patch: { assignedAgentId: undefined } };
    }
    entries.push({ event: 'offered', agentId });
    return { status: 'offered', entries, patch: { offerIndex: next, assignedAgentId: agentId }, checkTransition: true };
  }

  /** Moves an offer on, unless it already moved (a late timeout after an answer does nothing). */
  private async moveOn(leadId: string, offerIndex: number, event: 'declined' | 'timeout' | 'unreachable'): Promise<Lead | undefined> {
    const { lead, changed } = await this.d.leads.update(leadId, this.now(), (l) =>
      l.status === 'offered' && l.offerIndex === offerIndex ? this.offerNext(l, { event, agentId: l.assignedAgentId ?? '' }) : undefined,
    );
    if (!changed) return undefined;
    this.log.info({ leadId, event, status: lead.status }, 'lead offer moved on');
    await this.d.queue.remove(`lead-timeout:${leadId}:${offerIndex}`).catch(() => {});
    await this.afterChange(lead);
    return lead;
  }

  /** The queue's handler. */
  async run(job: LeadJob): Promise<void> {
    try {
      if (job.type === 'reconcile') await this.reconcile(job.leadId);
      else if (job.type === 'timeout') await this.moveOn(job.leadId, job.offerIndex, 'timeout');
      else await this.postToCrm(job.leadId);
    } catch (err) {
      if (isAppError(err, ErrorCodes.LEAD_NOT_FOUND)) return; // expired by retention or never stored: nothing to do
      throw err;
    }
  }

  private async postToCrm(leadId: string): Promise<void> {
    const lead = await this.d.leads.get(leadId);
    if (lead && this.d.crm) await this.d.crm(lead);
  }

  /** Sends what the lead's current state calls for. Safe to run any number of times (sends are idempotent per cause). */
  async reconcile(leadId: string): Promise<void> {
    for (let step = 0; step < 20; step++) {
      const lead = await this.d.leads.require(leadId);
      switch (lead.status) {
        case 'new': {
          const { lead: next, changed } = await this.d.leads.update(leadId, this.now(), (l) => (l.status === 'new' ? this.offerNext(l, undefined) : undefined));
          if (changed) {
            this.log.info({ leadId, status: next.status }, 'lead routed');
            await this.toCrm(next);
          }
          continue;
        }
        case 'offered': {
          // Withdrawn by its user ("xóa dữ liệu của tôi"): never offered again.
          if (lead.personalDataDeleted) return;
          const agent = lead.assignedAgentId ? await this.d.registry.get(lead.assignedAgentId) : undefined;
          if (!agent || !agent.active) {
            // Removed or deactivated since the lead was routed: skip them at once.
            if (!(await this.moveOn(leadId, lead.offerIndex, 'timeout'))) return;
            continue;
          }
          if ((await this.d.core.store.get(keys.lastInteraction('zalo', agent.zaloUserId))) === null) {
            // Zalo only lets the OA write within a window after the agent's last message: waiting would only delay the user.
            this.log.warn({ leadId, agentId: agent.id }, 'agent outside the Zalo messaging window: skipped (ask them to message the OA)');
            if (!(await this.moveOn(leadId, lead.offerIndex, 'unreachable'))) return;
            continue;
          }
          const timeoutMs = this.d.core.config.leadAcceptTimeoutMs;
          await this.d.core.sendToUser({ channel: 'zalo', userId: agent.zaloUserId }, this.d.texts.offer(lead, timeoutMs), `lead:${leadId}:offer:${lead.offerIndex}`);
          await this.d.queue.add(`lead-timeout:${leadId}:${lead.offerIndex}`, { type: 'timeout', leadId, offerIndex: lead.offerIndex }, { delayMs: timeoutMs });
          return;
        }
        case 'accepted': {
          const agent = lead.assignedAgentId ? await this.d.registry.get(lead.assignedAgentId) : undefined;
          if (agent && lead.userId) await this.d.core.sendToUser({ channel: lead.channel, userId: lead.userId }, this.d.texts.acceptedForUser(agent), `lead:${leadId}:accepted`);
          return;
        }
        case 'declined':
        case 'expired':
          if (lead.userId) await this.d.core.sendToUser({ channel: lead.channel, userId: lead.userId }, this.d.texts.fallbackForUser(), `lead:${leadId}:fallback`);
          return;
        default:
          return;
      }
    }
  }

  /** An agent's button (or typed payload). Returns the agent's reply; side effects follow through the queue. */
  async agentAction(agent: Agent, action: AgentAction, leadId: string): Promise<OutboundMessage[]> {
    const lead = await this.d.leads.get(leadId);
    if (!lead) return this.d.texts.agentNote('notFound');
    if (lead.assignedAgentId !== agent.id) return this.d.texts.agentNote('notYours');
    // The user asked to delete their data: the request is withdrawn, whatever its state, and nothing changes.
    if (lead.personalDataDeleted) return this.d.texts.agentNote('withdrawn');
    if (action === 'decline') {
      const moved = await this.moveOn(leadId, lead.offerIndex, 'declined');
      return this.d.texts.agentNote(moved ? 'declined' : 'unchanged');
    }
    const target = action === 'accept' ? 'accepted' : action;
    const { lead: updated, changed } = await this.d.leads.update(leadId, this.now(), (l) => {
      if (l.assignedAgentId !== agent.id || l.status === target) return undefined;
      if (action === 'accept' && l.status !== 'offered') return undefined;
      return { status: target, entries: [{ event: target, agentId: agent.id }] };
    }).catch((err: unknown) => {
      if (isAppError(err, ErrorCodes.LEAD_TRANSITION_INVALID)) return { lead, changed: false };
      throw err;
    });
    if (updated.assignedAgentId !== agent.id) return this.d.texts.agentNote('notYours');
    if (changed) {
      this.log.info({ leadId, agentId: agent.id, status: updated.status }, 'lead updated by agent');
      if (action === 'accept') await this.d.queue.remove(`lead-timeout:${leadId}:${updated.offerIndex}`).catch(() => {});
      await this.afterChange(updated);
    }
    // A replayed accept shows the contact again: it is what the agent needs.
    if (action === 'accept' && updated.status === 'accepted') return this.d.texts.acceptedForAgent(updated);
    if (!changed) return this.d.texts.agentNote('unchanged');
    return this.d.texts.agentNote(action === 'contacted' ? 'contacted' : 'registered');
  }

  /**
   * Office staff give the lead to `agentId` (console): it is offered to them next, the earlier offer's timeout is
   * dropped, and the usual offer (with accept/decline) goes out. Registered leads stay where they are.
   */
  async reassign(leadId: string, agentId: string, by: string): Promise<Lead> {
    const agent = await this.d.registry.get(agentId);
    if (!agent || !agent.active) throw new AppError(ErrorCodes.AGENT_NOT_FOUND, 'no such active agent', { details: { agentId } });
    const previous = await this.d.leads.require(leadId);
    const { lead, changed } = await this.d.leads.update(leadId, this.now(), (l) => {
      if (l.assignedAgentId === agentId && l.status === 'offered') return undefined;
      const head = l.candidates.slice(0, l.offerIndex + 1);
      const rest = l.candidates.slice(l.offerIndex + 1).filter((c) => c !== agentId);
      return {
        status: 'offered',
        entries: [{ event: 'reassigned', agentId, by }],
        patch: { candidates: [...head, agentId, ...rest], offerIndex: head.length, assignedAgentId: agentId },
        checkTransition: true,
      };
    });
    if (changed) {
      this.log.info({ leadId, agentId }, 'lead reassigned by office staff');
      if (previous.status === 'offered') await this.d.queue.remove(`lead-timeout:${leadId}:${previous.offerIndex}`).catch(() => {});
      await this.afterChange(lead);
    }
    return lead;
  }

  async agentLeads(agent: Agent): Promise<OutboundMessage[]> {
    const open = (await this.d.leads.forAgent(agent.id)).filter((l) => !l.personalDataDeleted && (l.status === 'offered' || l.status === 'accepted' || l.status === 'contacted'));
    return this.d.texts.myLeads(open);
  }

  async deleteUserData(channel: ChannelName, userId: string): Promise<void> {
    const count = await this.d.leads.deletePersonalData(channel, userId, this.now());
    if (count > 0) this.log.info({ channel, leads: count }, 'personal data removed from leads');
  }
}
