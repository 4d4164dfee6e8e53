import type { i18n } from 'i18next';
import type { OutboundMessage } from '../channels/types.ts';
import { formatVnd } from '../insurance/index.ts';
import { formatPhoneVn } from '../language/index.ts';
import type { Agent, Lead } from './types.ts';

export const OFFICIAL_LOOKUP_URL = 'https://baohiemxahoi.gov.vn/tracuu/pages/diem-thu-dai-ly.aspx';
export const HOTLINE = '1900 9068';


const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Payloads of the agent's buttons; Zalo sends them back as text, the adapter turns them into payload events. */
export const leadPayload = (action: 'accept' | 'decline' | 'contacted' | 'registered', id: string) => `#lead:${action}:${id}`;

/** Every text the leads service sends, from locales/<lng>/leads.json. */
export class LeadTexts {
  constructor(private readonly i18n: i18n) {}

  private t(key: string, vars: Record<string, unknown> = {}): string {
    return this.i18n.t(`leads:${key}`, vars);
  }

  area(lead: Lead): string {
    if (lead.location.kind === 'place' && lead.location.label) return lead.location.label;
    if (lead.location.kind === 'point') return this.t('area.point');
    return this.t('area.none');
  }

  /** The estimate the user saw, in the keys the engine uses (income/incomeBase, group, period, monthlyNet/amount, periodNet). */
  estimateLines(estimate: Record<string, unknown> | undefined): string[] {
    if (!estimate) return [];
    const lines: string[] = [];
    const income = num(estimate.income) ?? num(estimate.incomeBase);
    if (income !== undefined) lines.push(this.t('estimate.income', { amount: formatVnd(income) }));
    if (typeof estimate.group === 'string' && estimate.group) lines.push(this.t('estimate.group', { group: this.i18n.t(`common:group.${estimate.group}`, { defaultValue: estimate.group }) }));
    const period = num(estimate.period);
    if (period !== undefined && period > 1) lines.push(this.t('estimate.period', { months: period }));
    const monthly = num(estimate.monthlyNet) ?? num(estimate.amount);
    if (monthly !== undefined) lines.push(this.t('estimate.monthly', { amount: formatVnd(monthly) }));
    const perPeriod = num(estimate.periodNet);
    if (perPeriod !== undefined && period !== undefined && period > 1) lines.push(this.t('estimate.perPeriod', { amount: formatVnd(perPeriod) }));
    return lines;
  }

  /** The offer to an agent: no phone number until they accept. */
  offer(lead: Lead, timeoutMs: number): OutboundMessage[] {
    const text = [
      this.t('offer.title'),
      this.t('offer.area', { area: this.area(lead) }),
      ...this.estimateLines(lead.estimate),
      this.t('offer.deadline', { minutes: Math.max(1, Math.round(timeoutMs / 60_000)) }),
    ].join('\n');
    return [
      {
        kind: 'text',
        text,
        choices: [
          { title: this.t('buttons.accept'), payload: leadPayload('accept', lead.id) },
          { title: this.t('buttons.decline'), payload: leadPayload('decline', lead.id) },
        ],
      },
    ];
  }

  /** The agent's answer to their accept: who to call. */
  acceptedForAgent(lead: Lead): OutboundMessage[] {
    const lines = [this.t('agent.accepted'), ...this.contactLines(lead), this.t('offer.area', { area: this.area(lead) })];
    if (lead.location.kind === 'point') lines.push(this.t('agent.map', { url: `https://maps.google.com/?q=${lead.location.latitude},${lead.location.longitude}` }));
    lines.push(...this.estimateLines(lead.estimate));
    return [{ kind: 'text', text: lines.join('\n'), choices: this.progressChoices(lead) }];
  }

  private contactLines(lead: Lead): string[] {
    if (lead.personalDataDeleted) return [this.t('agent.deleted')];
    return [
      ...(lead.name ? [this.t('agent.name', { name: lead.name })] : []),
      ...(lead.phone ? [this.t('agent.phone', { phone: formatPhoneVn(lead.phone) })] : []),
    ];
  }

  progressChoices(lead: Lead) {
    if (lead.status === 'offered') {
      return [
        { title: this.t('buttons.accept'), payload: leadPayload('accept', lead.id) },
        { title: this.t('buttons.decline'), payload: leadPayload('decline', lead.id) },
      ];
    }
    return [
      ...(lead.status === 'accepted' ? [{ title: this.t('buttons.contacted'), payload: leadPayload('contacted', lead.id) }] : []),
      { title: this.t('buttons.registered'), payload: leadPayload('registered', lead.id) },
    ];
  }

  /** "khách của tôi": one message per open lead, each with its buttons (Zalo allows 5 per message). */
  myLeads(leads: Lead[]): OutboundMessage[] {
    if (leads.length === 0) return [{ kind: 'text', text: this.t('agent.mineNone') }];
    const shown = leads.slice(0, 9);
    return [
      { kind: 'text', text: this.t('agent.mineHeader', { count: leads.length }) },
      ...shown.map((lead): OutboundMessage => {
        const offered = lead.status === 'offered';
        const name = lead.personalDataDeleted ? this.t('agent.deleted') : (lead.name ?? '—');
        // The phone stays hidden until the agent accepts, as in the offer.
        const phone = offered || lead.personalDataDeleted ? '—' : (lead.phone ? formatPhoneVn(lead.phone) : '—');
        return {
          kind: 'text',
          text: this.t('agent.mineItem', { name: offered ? '—' : name, phone, area: this.area(lead), status: this.t(`agent.status.${lead.status}`) }),
          choices: this.progressChoices(lead),
        };
      }),
    ];
  }

  agentNote(key: 'declined' | 'contacted' | 'registered' | 'notYours' | 'notFound' | 'unchanged' | 'withdrawn'): OutboundMessage[] {
    return [{ kind: 'text', text: this.t(`agent.${key}`) }];
  }

  /** To the user once an agent accepted: name, phone and hours. */
  acceptedForUser(agent: Agent): OutboundMessage[] {
    const lines = [
      // A sample agent's name says so itself ("[MẪU] … (dữ liệu minh họa)"): no second tag.
      this.t('user.accepted', { name: agent.name }),
      this.t('user.phone', { phone: agent.phone }),
      ...(agent.hours ? [this.t('user.hours', { hours: agent.hours })] : []),
      ...(agent.address ? [this.t('user.address', { address: agent.address })] : []),
    ];
    return [{ kind: 'text', text: lines.join('\n') }];
  }

  /** Nobody took the lead (or nobody serves the area): say so, and where to go instead. */
  fallbackForUser(): OutboundMessage[] {
    return [{ kind: 'text', text: this.t('user.fallback', { lookupUrl: OFFICIAL_LOOKUP_URL, hotline: HOTLINE }) }];
  }
}
