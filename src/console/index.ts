import type { Engine } from '../conversation/types.ts';
import { parseMoney, readIntents } from '../language/index.ts';
import { loadUnderstander } from '../nlu-loader.ts';
import { ZALO_WINDOW_SECONDS } from '../channels/zalo/adapter.ts';
import type { LeadStore } from '../leads/lead-store.ts';
import type { AgentRegistry } from '../leads/registry.ts';
import type { LeadService } from '../leads/service.ts';
import type { Lead } from '../leads/types.ts';
import type { Extension, RuntimeCore } from '../runtime.ts';
import type { TurnObservation } from '../turn/handle-event.ts';
import { AgentReach } from './agent-reach.ts';
import { AgentStats } from './agent-stats.ts';
import { createConsoleApi } from './api.ts';
import { AuditLog } from './audit.ts';
import { ConsoleAuth, DEFAULT_AUTH, type AuthOptions } from './auth.ts';
import { Funnel, type FunnelStep } from './funnel.ts';
import { createConsoleRouter } from './router.ts';
import type { ConsoleServices, TicketsApi } from './services.ts';
import { StaffRegistry } from './staff.ts';
import { Targets } from './targets.ts';
import { UnansweredQuestions } from './unanswered.ts';

export { StaffRegistry } from './staff.ts';
export type { ConsoleServices, TicketsApi, ConsoleTicket } from './services.ts';

export interface ConsoleOptions {
  engine: Engine;
  /** The handoff's tickets (list, close); the tickets page says the feature is off without them. */
  tickets?: (core: RuntimeCore) => TicketsApi;
  auth?: Partial<AuthOptions>;
  /** Called once the services are built (tests reach the stores through it). */
  onReady?: (svc: ConsoleServices) => void;
}

/**
 * Whether the bot did not understand the turn's text: the engine fell back (a clarifying question, then the menu,
 * then a person: counted in `_fallbacks`), or, on a first message (answered with the welcome whatever it says), a
 * question of three words or more that the intent classifier could not place.
 */
function notUnderstood(t: TurnObservation): boolean {
  if (t.event.kind !== 'text') return false;
  const fallbacks = (s: { vars: Record<string, unknown> } | undefined) => Number(s?.vars._fallbacks ?? 0);
  if (fallbacks(t.after) > fallbacks(t.before)) return true;
  if (t.before) return false;
  const first = readIntents(loadUnderstander().classifier, t.event.text).intents[0];
  return t.event.text.trim().split(/\s+/).length >= 3 && (!first || first.intent === 'unknown') && parseMoney(t.event.text)?.kind !== 'amount';
}

type LeadsParts = { service: LeadService; registry: AgentRegistry; leads: LeadStore };

const LEAD_STEPS: Partial<Record<Lead['status'], FunnelStep>> = { accepted: 'accepted', contacted: 'contacted', registered: 'registered' };

/**
 * The office console as a runtime extension: pages under /console, JSON under /api/v1/admin, and the counters
 * they read (funnel, drop-off, unanswered questions, agents' figures) fed from committed turns and lead changes.
 * Pass `onLeadsReady` to the leads extension's `onReady` (the console works on its lead store and service).
 */
export function createConsoleExtension(opts: ConsoleOptions): { onLeadsReady: (parts: LeadsParts) => void; extension: (core: RuntimeCore) => Extension } {
  let parts: LeadsParts | undefined;
  return {
    onLeadsReady: (p) => {
      parts = p;
    },
    extension: (core) => {
      if (!parts) throw new Error('createConsoleExtension: list the leads extension (with onReady: onLeadsReady) before the console');
      const { store, config, logger } = core;
      const staff = new StaffRegistry(store);
      const funnel = new Funnel(store, core.now);
      const unanswered = new UnansweredQuestions(store);
      const agentStats = new AgentStats(store);
      const svc: ConsoleServices = {
        store,
        staff,
        auth: new ConsoleAuth(store, staff, { ...DEFAULT_AUTH, cookieSecure: config.console.cookieSecure, sessionHours: config.console.sessionHours, ...opts.auth }),
        audit: new AuditLog(store, config.console.auditRetentionDays),
        leads: parts.leads,
        leadService: parts.service,
        agents: parts.registry,
        funnel,
        unanswered,
        agentStats,
        agentReach: new AgentReach(store, core.now),
        targets: new Targets(store),
        tickets: opts.tickets?.(core),
        engine: opts.engine,
        zaloWindowSeconds: ZALO_WINDOW_SECONDS,
        now: core.now,
      };
      const quietly = (what: string) => (err: unknown) => logger.warn({ err: (err as Error).message, what }, 'console counter not recorded');

      parts.leads.onChange((before, after) => {
        const place = { province: after.provinceCode, ward: after.wardCode };
        const at = Date.parse(after.updatedAt);
        if (!before) void funnel.count('lead', place, at).catch(quietly('lead'));
        const step = LEAD_STEPS[after.status];
        if (step && before?.status !== after.status) void funnel.count(step, place, at).catch(quietly(step));
        void agentStats.onLeadChange(before, after).catch(quietly('agent stats'));
      });

      const onTurn = (t: TurnObservation) => {
        const key = `${t.event.channel}:${t.event.userId}`;
        const vars = t.after.vars;
        const place = { province: typeof vars.province_code === 'string' ? vars.province_code : undefined, ward: typeof vars.ward_code === 'string' ? vars.ward_code : undefined };
        // A first turn, or the first after a day's silence, opens a conversation.
        if (!t.before || t.at - t.before.updatedAt > 86_400_000) void funnel.count('conversation', place, t.at, key).catch(quietly('conversation'));
        if (t.events.some((e) => e.type === 'estimate_shown')) void funnel.count('estimate', place, t.at, key).catch(quietly('estimate'));
        const from = t.before?.position ? `${t.before.position.flow}/${t.before.position.step}` : undefined;
        const to = t.after.position ? `${t.after.position.flow}/${t.after.position.step}` : undefined;
        if (to && to !== from) void funnel.flowStep('reached', to, t.at).catch(quietly('flow step'));
        if (from && from !== to) void funnel.flowStep('movedOn', from, t.at).catch(quietly('flow step'));
        if (t.event.kind === 'text' && notUnderstood(t)) void unanswered.record(t.event.text, t.at).catch(quietly('unanswered'));
      };

      opts.onReady?.(svc);
      return {
        onTurn,
        routers: [createConsoleRouter(svc, { trustProxyHops: config.console.trustProxyHops }), createConsoleApi(svc, { adminToken: config.adminToken, trustProxyHops: config.console.trustProxyHops })],
      };
    },
  };
}
