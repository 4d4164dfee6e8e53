import type { Translate } from '../i18n.ts';
import type { ChannelName, OutboundMessage } from '../channels/types.ts';
import { estimate, formatVnd, viDate, vietnamDate, type EstimateResponse, type SupportGroup } from '../insurance/index.ts';
import { formatPhoneVn } from '../language/index.ts';
import type { DomainEvent, LeadDraft } from './types.ts';

/** What a compute step's action sees. Pure: time comes from `now`, texts from `t`. */
export interface ActionContext {
  vars: Readonly<Record<string, unknown>>;
  args: Readonly<Record<string, string | number | boolean>>;
  now: Date;
  t: Translate;
  channel: ChannelName;
  /** What the user typed this turn, when it was text (a computed FAQ answer reads its details). */
  text?: string;
}

export interface ActionResult {
  /** Variables to set (undefined removes one). */
  vars?: Record<string, unknown>;
  /** Replace all variables first (restart). */
  clearVars?: boolean;
  messages?: OutboundMessage[];
  events?: DomainEvent[];
  /** Picks the step's `on.<outcome>` target; otherwise its `next`. */
  outcome?: string;
}

export interface Action {
  /** Text keys the action may say, checked by flows:check. */
  keys: readonly string[];
  run(ctx: ActionContext): ActionResult;
}

const text = (t: string): OutboundMessage => ({ kind: 'text', text: t });
const GROUPS: readonly string[] = ['poor', 'near_poor', 'ethnic_minority', 'island_zone', 'other'];
const PERIODS: readonly number[] = [1, 3, 6, 12];

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined;
}

function groupOf(vars: Readonly<Record<string, unknown>>): SupportGroup {
  const g = vars.group;
  return (typeof g === 'string' && GROUPS.includes(g) ? g : 'other') as SupportGroup;
}

function periodOf(vars: Readonly<Record<string, unknown>>): 1 | 3 | 6 | 12 {
  const p = num(vars.period);
  return (p !== undefined && PERIODS.includes(p) ? p : 1) as 1 | 3 | 6 | 12;
}

/**
 * The calculator's notes, all of them, one bullet each, in one message under the answer. Each names an assumption
 * behind a figure just shown (a placeholder such as the fund rate r, a 2027 figure not yet confirmed, an input we
 * had to guess), so none is dropped to save space: the calculator already keeps them short and unique, and the
 * channels split a text longer than the platform allows.
 */
function notesMessage(t: Translate, notes: readonly string[]): OutboundMessage[] {
  return notes.length ? [text(`${t('estimate.notes_head')}\n${notes.map((n) => `• ${n}`).join('\n')}`)] : [];
}

function safeEstimate(req: Parameters<typeof estimate>[0]): EstimateResponse | undefined {
  try {
    return estimate(req);
  } catch {
    return undefined;
  }
}

export { policyVars } from './policy-vars.ts';

export const actions: Record<string, Action> = {
  /** Reads the typed income against today's floor and ceiling: outcome below_floor | above_ceiling | ok. */
  check_income: {
    keys: [],
    run({ vars, now }) {
      const income = num(vars.income) ?? 0;
      const e = safeEstimate({ income, group: 'other', period: 1, asOf: vietnamDate(now) });
      if (!e) return { outcome: 'error' };
      const c = e.contribution;
      return {
        vars: { income_fmt: formatVnd(income), floor_fmt: formatVnd(c.floor), ceiling_fmt: formatVnd(c.ceiling), base_fmt: formatVnd(c.incomeBase) },
        outcome: c.adjusted === 'raised_to_floor' ? 'below_floor' : c.adjusted === 'lowered_to_ceiling' ? 'above_ceiling' : 'ok',
      };
    },
  },

  /** The contribution with the working shown, the policy date and the assumptions. */
  contribution_estimate: {
    keys: ['contribution.result', 'contribution.result_local', 'contribution.result_period', 'contribution.policy_date', 'estimate.notes_head', 'estimate.error'],
    run({ vars, now, t }) {
      const income = num(vars.income) ?? 0;
      const asOf = vietnamDate(now);
      const group = groupOf(vars);
      const period = periodOf(vars);
      const e = safeEstimate({ income, group, period, asOf });
      if (!e) return { messages: [text(t('estimate.error'))], outcome: 'error' };
      const c = e.contribution;
      const lines = [
        t('contribution.result', {
          // "5.000.000 × 22 % = 1.100.000 đ": the unit once, on the results.
          base: formatVnd(c.incomeBase).replace(/ đ$/, ''),
          rate: Math.round((c.monthlyGross / Math.max(c.incomeBase, 1)) * 100),
          gross: formatVnd(c.monthlyGross),
          support: formatVnd(c.monthlySupport),
          net: formatVnd(c.monthlyNet),
        }),
      ];
      if (c.monthlyLocalSupport > 0) lines.push(t('contribution.result_local', { local: formatVnd(c.monthlyLocalSupport) }));
      if (period > 1) lines.push(t('contribution.result_period', { count: period, amount: formatVnd(c.periodNet) }));
      lines.push(t('contribution.policy_date', { date: viDate(asOf) }));
      const shown = {
        kind: 'contribution',
        income,
        incomeBase: c.incomeBase,
        group,
        period,
        monthlyGross: c.monthlyGross,
        monthlySupport: c.monthlySupport,
        monthlyNet: c.monthlyNet,
        periodNet: c.periodNet,
        asOf,
      };
      return {
        vars: { estimate: shown, net_fmt: formatVnd(c.monthlyNet) },
        messages: [text(lines.join('\n')), ...notesMessage(t, e.notes)],
        events: [{ type: 'estimate_shown', kind: 'contribution' }],
      };
    },
  },

  /** Retirement month, years at retirement, rate and monthly pension in today's money; what to do if short. */
  pension_estimate: {
    keys: [
      'pension.retire', 'pension.eligible', 'pension.lump_sum', 'pension.short', 'pension.short_options', 'pension.back_pay',
      'pension.contribution', 'estimate.notes_head', 'estimate.error', 'common.years_months', 'common.years', 'common.age', 'common.age_months',
    ],
    run({ vars, now, t }) {
      const income = num(vars.income) ?? 0;
      const asOf = vietnamDate(now);
      const sex = vars.sex === 'female' ? 'female' : 'male';
      const birthDate = typeof vars.birth === 'string' ? vars.birth : undefined;
      const paidMonths = num(vars.paid_months) ?? 0;
      const group = groupOf(vars);
      const e = birthDate ? safeEstimate({ income, group, period: 1, asOf, sex, birthDate, paidMonths }) : undefined;
      if (!e?.retirement || !e.pension) return { messages: [text(t('estimate.error'))], outcome: 'error' };
      const r = e.retirement;
      const p = e.pension;
      const span = (months: number) =>
        months % 12 === 0 ? t('common.years', { years: months / 12 }) : t('common.years_months', { years: Math.floor(months / 12), months: months % 12 });
      const age = r.age.months === 0 ? t('common.age', { years: r.age.years }) : t('common.age_months', { years: r.age.years, months: r.age.months });
      const out: string[] = [
        t('pension.retire', { age, reachedOn: viDate(r.reachedOn), pensionFrom: viDate(r.pensionFrom) }),
      ];
      if (p.eligible) {
        out.push(t('pension.eligible', { span: span(p.monthsAtRetirement), rate: p.ratePercent, amount: formatVnd(p.monthlyAmount), income: formatVnd(e.contribution.incomeBase) }));
        if (p.lumpSumAllowance > 0) out.push(t('pension.lump_sum', { amount: formatVnd(p.lumpSumAllowance) }));
      } else {
        out.push(t('pension.short', { span: span(p.monthsAtRetirement), short: span(p.shortfallMonths) }));
        const back = p.options.find((o) => o.kind === 'back_pay');
        if (back && back.kind === 'back_pay' && back.afterKeepPayingMonths === 0) out.push(t('pension.back_pay', { months: back.months, amount: formatVnd(back.amount) }));
        // The social pension option gives the age for the user's group (70 for a poor or near-poor household).
        const option = p.options.find((o) => o.kind === 'social_pension');
        const social = option?.kind === 'social_pension' ? option : e.benefits.socialPension;
        out.push(t('pension.short_options', { socialAge: social.age, socialAmount: formatVnd(social.amount) }));
      }
      out.push(t('pension.contribution', { net: formatVnd(e.contribution.monthlyNet), base: formatVnd(e.contribution.incomeBase) }));
      const shown = {
        kind: 'pension',
        income,
        incomeBase: e.contribution.incomeBase,
        monthlyNet: e.contribution.monthlyNet,
        group,
        retirementMonth: r.reachedOn,
        pensionFrom: r.pensionFrom,
        monthsAtRetirement: p.monthsAtRetirement,
        eligible: p.eligible,
        ratePercent: p.ratePercent,
        monthlyPension: p.monthlyAmount,
        asOf,
      };
      // A pension shown after a contribution estimate keeps both for the agent.
      const prev = vars.estimate as Record<string, unknown> | undefined;
      const estimateVar = prev && prev.kind === 'contribution' ? { ...prev, pension: shown } : shown;
      return {
        vars: { estimate: estimateVar },
        // The flow does not ask how many supported months were used, so that assumption is left out here.
        messages: [text(out.join('\n')), ...notesMessage(t, e.codedNotes.filter((n) => n.code !== 'support_months_assumed').map((n) => n.text))],
        events: [{ type: 'estimate_shown', kind: 'pension' }],
      };
    },
  },

  /** "Bao giờ tôi nghỉ hưu?": the retirement month and age for this person's sex and birth (no income needed). */
  retirement_date: {
    keys: ['pension.retire', 'estimate.error', 'common.age', 'common.age_months'],
    run({ vars, now, t }) {
      const birthDate = typeof vars.birth === 'string' ? vars.birth : undefined;
      const sex = vars.sex === 'female' ? 'female' : vars.sex === 'male' ? 'male' : undefined;
      const e = birthDate && sex ? safeEstimate({ income: 0, group: 'other', period: 1, asOf: vietnamDate(now), sex, birthDate, paidMonths: num(vars.paid_months) ?? 0 }) : undefined;
      const r = e?.retirement;
      if (!r) return { messages: [text(t('estimate.error'))], outcome: 'error' };
      const age = r.age.months === 0 ? t('common.age', { years: r.age.years }) : t('common.age_months', { years: r.age.years, months: r.age.months });
      return { messages: [text(t('pension.retire', { age, reachedOn: viDate(r.reachedOn), pensionFrom: viDate(r.pensionFrom) }))] };
    },
  },

  /** Records the consent text version the user agreed to, and when. */
  record_consent: {
    keys: [],
    run({ args, now }) {
      return { vars: { consent: { version: String(args.version ?? 'v1'), at: now.toISOString() } } };
    },
  },

  /** Formats what the user gave for the confirmation summary. */
  lead_summary: {
    keys: ['lead.location_none', 'lead.location_point'],
    run({ vars, t }) {
      const loc = vars.location as LeadDraft['location'] | undefined;
      const where = !loc || loc.kind === 'none' ? t('lead.location_none') : loc.kind === 'point' ? t('lead.location_point') : loc.label;
      return { vars: { phone_fmt: typeof vars.phone === 'string' ? formatPhoneVn(vars.phone) : '', where } };
    },
  },

  /** No location given: the leads service routes by the province or the office fallback. */
  no_location: {
    keys: [],
    run() {
      return { vars: { location: { kind: 'none' } } };
    },
  },

  /** Hands the consented lead to the leads service. */
  submit_lead: {
    keys: [],
    run({ vars }) {
      const consent = vars.consent as LeadDraft['consent'] | undefined;
      if (!consent) return { outcome: 'no_consent' };
      const loc = (vars.location as LeadDraft['location'] | undefined) ?? { kind: 'none' };
      const lead: LeadDraft = {
        consent,
        ...(typeof vars.name === 'string' ? { name: vars.name } : {}),
        ...(typeof vars.phone === 'string' ? { phone: vars.phone } : {}),
        location: loc,
        ...(vars.estimate && typeof vars.estimate === 'object' ? { estimate: vars.estimate as Record<string, unknown> } : {}),
      };
      // The leads service keeps the consented details; the session forgets them (less personal data in one more place).
      return {
        events: [{ type: 'lead_submitted', lead }],
        vars: { lead_sent: true, name: undefined, phone: undefined, location: undefined, consent: undefined, _candidates: undefined, phone_fmt: undefined, where: undefined },
      };
    },
  },

  /** Forgets the contact details after a "no" at the confirmation. */
  forget_contact: {
    keys: [],
    run() {
      return { vars: { name: undefined, phone: undefined, location: undefined, consent: undefined, _candidates: undefined } };
    },
  },

  /** The user confirmed: the pipeline deletes the session and the leads service the personal fields. */
  request_deletion: {
    keys: [],
    run() {
      return { events: [{ type: 'data_deletion_requested' }], clearVars: true };
    },
  },

  /** Starts over with nothing remembered. */
  reset: {
    keys: [],
    run() {
      return { clearVars: true };
    },
  },
};
