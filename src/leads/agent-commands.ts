import type { InboundEvent } from '../channels/types.ts';
import { parsePayload } from '../channels/types.ts';
import { normalize } from '../language/index.ts';
import type { EventInterceptor } from '../turn/handle-event.ts';
import type { AgentRegistry } from './registry.ts';
import type { AgentAction, LeadService } from './service.ts';

export type AgentCommand = { kind: 'action'; action: AgentAction; leadId: string } | { kind: 'mine' };

const ACTIONS = new Set<string>(['accept', 'decline', 'contacted', 'registered']);

/** Lowercase, no diacritics (đ → d), single spaces, no punctuation: "Khách của tôi!" → "khach cua toi". */
export function commandWords(text: string): string {
  return normalize(text).folded.replace(/[^a-z0-9]+/g, ' ').trim();
}

const MINE = new Set(['khach cua toi', 'khach hang cua toi', 'khach cua em', 'khach cua minh']);

/** `#lead:accept:<id>` as a payload or as typed text, or "khách của tôi"; anything else is not for us. */
export function parseAgentCommand(event: InboundEvent): AgentCommand | undefined {
  const raw = event.kind === 'payload' ? event.payload : event.kind === 'text' ? event.text : undefined;
  if (raw === undefined) return undefined;
  const payload = parsePayload(raw);
  if (payload) {
    if (payload.topic !== 'lead') return undefined;
    if (payload.value === 'mine') return { kind: 'mine' };
    const [action, leadId, ...rest] = payload.value.split(':');
    if (action && ACTIONS.has(action) && leadId && /^[A-Za-z0-9]{1,32}$/.test(leadId) && rest.length === 0) {
      return { kind: 'action', action: action as AgentAction, leadId };
    }
    return undefined;
  }
  return event.kind === 'text' && MINE.has(commandWords(raw)) ? { kind: 'mine' } : undefined;
}

/**
 * Extension.intercept: commands from known agents (by Zalo user id) are answered here; everybody else, and
 * anything an agent writes that is not a command, goes on to the conversation engine.
 */
export function createAgentInterceptor(registry: AgentRegistry, service: LeadService): EventInterceptor {
  return async (event) => {
    if (event.channel !== 'zalo') return undefined;
    const command = parseAgentCommand(event);
    if (!command) return undefined;
    const agent = await registry.byZaloUser(event.userId);
    if (!agent) return undefined;
    if (command.kind === 'mine') return service.agentLeads(agent);
    return service.agentAction(agent, command.action, command.leadId);
  };
}
