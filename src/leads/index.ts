import type { i18n } from 'i18next';
import { isAppError } from '../errors.ts';
import { createI18n } from '../i18n.ts';
import type { Extension, RuntimeCore } from '../runtime.ts';
import { createAdminRouter } from './admin.ts';
import { createAgentInterceptor } from './agent-commands.ts';
import { readAgentsFile, type AgentsFile } from './agents-file.ts';
import { loadCommunePoints, type CommunePoints } from './commune-points.ts';
import { createCrmPoster } from './crm.ts';
import { LeadStore } from './lead-store.ts';
import { createAgentRegistry, type AgentRegistry } from './registry.ts';
import { DEFAULT_ROUTING, type RoutingOptions } from './routing.ts';
import { LeadService, type LeadJob } from './service.ts';
import { LeadTexts } from './texts.ts';
import type { Lead } from './types.ts';

export { parseAgentsCsv, AGENT_COLUMNS } from './agents-csv.ts';
export { createAgentRegistry, type AgentRegistry } from './registry.ts';
export { parseCommunePoints, loadCommunePoints, type CommunePoints } from './commune-points.ts';
export { LeadStore, leadIdFor, leadKeys } from './lead-store.ts';
export { signCrmBody, CRM_SIGNATURE_HEADER } from './crm.ts';
export type { Agent, Lead, LeadStatus } from './types.ts';

export interface LeadsExtensionOptions {
  /** Texts; defaults to locales/ (Vietnamese). */
  i18n?: i18n;
  routing?: Partial<RoutingOptions>;
  /** Commune points; defaults to config.communePointsFile when set. */
  communePoints?: CommunePoints;
  /** false: this instance stores leads but runs no lead jobs (another instance does). Default true. */
  processJobs?: boolean;
  /** Replaces the CRM call (tests); defaults to the signed axios POST when CRM_WEBHOOK_URL is set. */
  crmPoster?: (lead: Lead) => Promise<void>;
  /** AGENTS_FILE as main.ts already read and checked it at start-up; without it the file is read here. */
  agentsFile?: AgentsFile;
  /** Called with each lead service once built (tests and the admin CLI reach the service through it). */
  onReady?: (parts: { service: LeadService; registry: AgentRegistry; leads: LeadStore }) => void;
}

/**
 * The warm-lead handoff as a runtime extension: stores `lead_submitted` leads, offers them to the nearest
 * collection agents on Zalo with accept/decline, reassigns on decline or timeout, answers agents' commands,
 * removes personal data on request and serves the admin listing. See src/leads/README.md.
 */
export function createLeadsExtension(opts: LeadsExtensionOptions = {}): (core: RuntimeCore) => Extension {
  return (core) => {
    const { config, logger } = core;
    const registry = createAgentRegistry(core.store);
    const leads = new LeadStore(core.store, config.leadRetentionDays * 86_400);
    const queue = core.makeQueue<LeadJob>('leads');
    const texts = new LeadTexts(opts.i18n ?? createI18n());
    const points = opts.communePoints ?? (config.communePointsFile ? loadCommunePoints(config.communePointsFile) : undefined);
    const crm = opts.crmPoster ?? (config.crmWebhook ? createCrmPoster(config.crmWebhook) : undefined);
    const service = new LeadService({ core, registry, leads, queue, texts, points, routing: { ...DEFAULT_ROUTING, ...opts.routing }, crm });

    // AGENTS_FILE is (re)imported at start; a bad file keeps the registry as it was and is reported, not half-loaded.
    const indexed = leads.indexExisting().then(
      (n) => (n > 0 ? logger.info({ leads: n }, 'leads stored before the indexes were listed') : undefined),
      (err: unknown) => logger.error({ err: (err as Error).message }, 'existing leads not indexed'),
    );
    // /readyz says false until AGENTS_FILE is imported, and stays false when it failed: no lead can be routed right.
    let agentsLoaded = !config.agentsFile;
    const imported: Promise<void> = config.agentsFile
      ? (opts.agentsFile ? Promise.resolve(opts.agentsFile) : readAgentsFile(config.agentsFile))
          .then(async ({ agents, notice }) => {
            if (notice) logger.warn({ file: config.agentsFile }, notice);
            await registry.replaceAll(agents);
          })
          .then(
            () => {
              agentsLoaded = true;
              logger.info('agents file imported');
            },
            (err: unknown) => logger.error({ code: isAppError(err) ? err.code : undefined, err: (err as Error).message }, 'agents file not imported'),
          )
      : Promise.resolve();
    const ready = Promise.all([indexed, imported]).then(() => undefined);

    if (opts.processJobs !== false) queue.process((job) => service.run(job));
    const intercept = createAgentInterceptor(registry, service);
    opts.onReady?.({ service, registry, leads });

    return {
      async onDomainEvent(event, ctx) {
        if (event.type === 'lead_submitted') {
          await ready;
          await service.submit(event.lead, ctx);
        } else if (event.type === 'data_deletion_requested') {
          await service.deleteUserData(ctx.channel, ctx.userId);
        }
      },
      async intercept(event, ctx) {
        await ready;
        return intercept(event, ctx);
      },
      routers: [createAdminRouter(leads, config.adminToken)],
      readiness: () => ({ agents: agentsLoaded }),
      async stop() {
        await ready;
        await queue.close();
      },
    };
  };
}
