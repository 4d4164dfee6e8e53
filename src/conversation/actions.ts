import type { Translate } from '../i18n.ts';
import type { ChannelName, OutboundMessage } from '../channels/types.ts';
import { estimate, formatMonth, formatVnd, monthOf, policyAt, viDate, vietnamDate, type EstimateRequest, type EstimateResponse, type SupportGroup } from '../insurance/index.ts';
import { answerActions } from './answers.ts';
import { ageText, percent } from './policy-vars.ts';
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

function provinceOf(vars: Readonly<Record<string, unknown>>): string | undefined {
  const p = vars.province_code;
  return typeof p === 'string' && /^\d{2}$/.test(p) ? p : undefined;
}

/** The estimate request of the pension flow's answers (sex, birth, months, past salary, province, join date). */
function pensionRequest(vars: Readonly<Record<string, unknown>>, now: Date): (EstimateRequest & { asOf: string; income: number; group: SupportGroup }) | undefined {
  const birthDate = typeof vars.birth === 'string' ? vars.birth : undefined;
  if (!birthDate) return undefined;
  const paidMonths = num(vars.paid_months) ?? 0;
  const compulsory = num(vars.compulsory_months);
  const salary = num(vars.past_salary);
  const province = provinceOf(vars);
  return {
    income: num(vars.income) ?? 0,
    group: groupOf(vars),
    period: 1,
    asOf: vietnamDate(now),
    sex: vars.sex === 'female' ? 'female' : 'male',
    birthDate,
    paidMonths,
    ...(compulsory !== undefined && compulsory > 0 ? { compulsoryMonths: Math.min(compulsory, paidMonths) } : {}),
    ...(salary !== undefined && salary > 0 && compulsory !== undefined && compulsory > 0 ? { compulsoryAverageIncome: salary } : {}),
    ...(province ? { province } : {}),
    ...(vars.joined_before_2021 === 'yes' ? { joinedBefore2021: true } : vars.joined_before_2021 === 'no' ? { joinedBefore2021: false } : {}),
  };
}

/** "Từ 01/01/2027 mức thu nhập thấp nhất dự kiến tăng lên 2.200.000 đ (chưa có văn bản xác nhận): khi đó bạn đóng …". */
function upcomingLines(t: Translate, e: EstimateResponse): string[] {
  return e.upcoming
    .filter((u) => u.parameter === 'rural_poverty_standard')
    .map((u) =>
      t('contribution.result_upcoming', {
        date: viDate(u.from),
        change: t(u.confidence === 'certain' ? 'contribution.upcoming_certain' : 'contribution.upcoming_likely'),
        floor: formatVnd(u.after),
        sure: u.confidence === 'certain' ? '' : t('contribution.upcoming_unsure'),
        net: formatVnd(u.contribution.monthlyNet),
      }),
    );
}

const PENSION_KEYS = [
  'pension.retire', 'pension.retire_past', 'pension.retire_transitional', 'pension.eligible', 'pension.eligible_past', 'pension.eligible_now',
  'pension.lump_sum', 'pension.short', 'pension.short_past', 'pension.short_none', 'pension.options_head', 'pension.opt_back_pay',
  'pension.opt_back_pay_after', 'pension.opt_keep', 'pension.opt_allowance', 'pension.opt_withdraw', 'pension.opt_withdraw_plain', 'pension.opt_social',
  'pension.opt_social_now', 'pension.social_where', 'pension.options_tail', 'pension.contribution', 'contribution.result_upcoming',
  'contribution.upcoming_certain', 'contribution.upcoming_likely', 'contribution.upcoming_unsure', 'estimate.notes_head', 'estimate.error',
  'common.years_months', 'common.years', 'common.months', 'common.age', 'common.age_months',
] as const;

/** The pension answer's lines: when (honestly: past or to come), how much, or the real options with amounts. */
function pensionLines(t: Translate, e: EstimateResponse, sex: 'male' | 'female'): string[] {
  const r = e.retirement!;
  const p = e.pension!;
  const span = (months: number) =>
    months < 12 ? t('common.months', { months }) : months % 12 === 0 ? t('common.years', { years: months / 12 }) : t('common.years_months', { years: Math.floor(months / 12), months: months % 12 });
  const out: string[] = [];
  const age = ageText(t, r.age.years * 12 + r.age.months);
  if (p.rule === 'transitional' && p.conditionsMetOn) {
    const ageMonths = policyAt(e.policy.asOf).transitionalRetirement.value.ageMonths[sex];
    out.push(t('pension.retire_transitional', { age: ageText(t, ageMonths), month: viDate(p.conditionsMetOn) }));
  } else {
    out.push(t(p.pastRetirementAge ? 'pension.retire_past' : 'pension.retire', { age, reachedOn: viDate(r.reachedOn) }));
  }
  const rate = percent(Math.round(p.ratePercent * 100));
  if (p.eligible && p.pensionStartsOn) {
    const vars = { span: span(p.monthsAtRetirement), rate, amount: formatVnd(p.monthlyAmount), income: formatVnd(e.contribution.incomeBase), pensionFrom: viDate(p.pensionStartsOn), metOn: viDate(p.conditionsMetOn ?? p.pensionStartsOn) };
    out.push(t(p.startInPast ? 'pension.eligible_past' : p.pastRetirementAge ? 'pension.eligible_now' : 'pension.eligible', vars));
    if (p.lumpSumAllowance > 0) out.push(t('pension.lump_sum', { amount: formatVnd(p.lumpSumAllowance) }));
    return out;
  }
  if (p.monthsAtRetirement === 0) out.push(t('pension.short_none'));
  else out.push(t(p.pastRetirementAge ? 'pension.short_past' : 'pension.short', { span: span(p.monthsAtRetirement), short: span(p.shortfallMonths) }));
  out.push(t('pension.options_head'));
  for (const o of p.options) {
    if (o.kind === 'back_pay') {
      const v = { months: o.months, amount: formatVnd(o.amount), pension: formatVnd(o.pensionMonthly), pensionFrom: viDate(o.pensionFrom), payOn: viDate(o.payOn) };
      out.push(o.afterKeepPayingMonths > 0
        ? t('pension.opt_back_pay_after', { ...v, first: span(o.afterKeepPayingMonths), firstUntil: viDate(formatMonth(monthOf(o.payOn) - 1)) })
        : t('pension.opt_back_pay', v));
    }
    if (o.kind === 'keep_paying') out.push(t('pension.opt_keep', { short: span(o.months), until: viDate(o.until), pension: formatVnd(o.pensionMonthly), pensionFrom: viDate(o.pensionFrom) }));
    if (o.kind === 'monthly_allowance' && o.months > 0) out.push(t('pension.opt_allowance', { monthly: formatVnd(o.monthly), months: o.months }));
    if (o.kind === 'one_off_withdrawal' && o.amount > 0) {
      out.push(o.supportDeducted > 0 ? t('pension.opt_withdraw', { amount: formatVnd(o.amount), support: formatVnd(o.supportDeducted) }) : t('pension.opt_withdraw_plain', { amount: formatVnd(o.amount) }));
    }
    if (o.kind === 'social_pension') {
      const where = o.province ? t('pension.social_where', { province: o.province }) : '';
      out.push(t(o.eligibleNow ? 'pension.opt_social_now' : 'pension.opt_social', { age: o.age, from: viDate(o.from), amount: formatVnd(o.amount), where }));
    }
  }
  out.push(t('pension.options_tail'));
  return out;
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
  ...answerActions,
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

  /** The "Mức thấp nhất" button: today's floor as the income (the texts say when it changes). */
  set_floor_income: {
    keys: [],
    run({ now }) {
      return { vars: { income: policyAt(vietnamDate(now)).floor } };
    },
  },

  /**
   * Asks the province once, and only when it can change the answer: some province tops up the user's group today,
   * and no place is known yet (`province_code`, also filled from a place said anywhere). Outcome ask | skip.
   */
  province_needed: {
    keys: [],
    run({ vars, now }) {
      if (typeof vars.province_code === 'string' || vars.province_asked === true) return { outcome: 'skip' };
      const p = policyAt(vietnamDate(now));
      const group = groupOf(vars);
      return { outcome: Object.values(p.localTopUps).some((x) => x.value[group] > 0) ? 'ask' : 'skip' };
    },
  },

  /** The place typed at the province question → `province_code`. */
  take_province: {
    keys: [],
    run({ vars }) {
      const place = vars.place_answer as { provinceCode?: string } | undefined;
      return { vars: { place_answer: undefined, province_asked: true, ...(place?.provinceCode ? { province_code: place.provinceCode } : {}) } };
    },
  },

  /** The contribution with the working shown, the local top-up named, the policy date, the coming change, the assumptions. */
  contribution_estimate: {
    keys: [
      'contribution.result', 'contribution.result_local', 'contribution.result_period', 'contribution.policy_date', 'contribution.result_upcoming',
      'contribution.upcoming_certain', 'contribution.upcoming_likely', 'contribution.upcoming_unsure', 'estimate.notes_head', 'estimate.error',
    ],
    run({ vars, now, t }) {
      const income = num(vars.income) ?? 0;
      const asOf = vietnamDate(now);
      const group = groupOf(vars);
      const period = periodOf(vars);
      const province = provinceOf(vars);
      const e = safeEstimate({ income, group, period, asOf, ...(province ? { province } : {}) });
      if (!e) return { messages: [text(t('estimate.error'))], outcome: 'error' };
      const c = e.contribution;
      const local = c.monthlyLocalSupport > 0 && e.localSupport ? e.localSupport.nameVi : undefined;
      const lines = [
        // "5.000.000 × 22 % = 1.100.000 đ": the unit once, on the results; the province's top-up named before the net.
        t(local ? 'contribution.result_local' : 'contribution.result', {
          base: formatVnd(c.incomeBase).replace(/ đ$/, ''),
          rate: String(Math.round((c.monthlyGross / Math.max(c.incomeBase, 1)) * 1000) / 10).replace('.', ','),
          gross: formatVnd(c.monthlyGross),
          support: formatVnd(c.monthlySupport),
          province: local,
          local: formatVnd(c.monthlyLocalSupport),
          net: formatVnd(c.monthlyNet),
        }),
      ];
      if (period > 1) lines.push(t('contribution.result_period', { count: period, amount: formatVnd(c.periodNet) }));
      lines.push(...upcomingLines(t, e));
      lines.push(t('contribution.policy_date', { date: viDate(asOf) }));
      const shown = {
        kind: 'contribution',
        income,
        incomeBase: c.incomeBase,
        group,
        period,
        ...(province ? { province } : {}),
        monthlyGross: c.monthlyGross,
        monthlySupport: c.monthlySupport,
        monthlyLocalSupport: c.monthlyLocalSupport,
        monthlyNet: c.monthlyNet,
        periodNet: c.periodNet,
        asOf,
      };
      return {
        vars: { estimate: shown, net_fmt: formatVnd(c.monthlyNet) },
        // The coming change is in the answer itself; its note would say it twice.
        messages: [text(lines.join('\n')), ...notesMessage(t, e.codedNotes.filter((n) => n.code !== 'upcoming_change').map((n) => n.text))],
        events: [{ type: 'estimate_shown', kind: 'contribution' }],
      };
    },
  },

  /** Asks "tham gia từ trước 2021?" only when the answer could change the pension date (Law Art. 141(9)). */
  joined_needed: {
    keys: [],
    run({ vars, now }) {
      if (vars.joined_before_2021 !== undefined) return { outcome: 'skip' };
      const e = pensionRequest(vars, now);
      if (!e) return { outcome: 'skip' };
      const r = safeEstimate({ ...e, joinedBefore2021: true });
      return { outcome: r?.pension?.rule === 'transitional' ? 'ask' : 'skip' };
    },
  },

  /** Retirement month, years at retirement, rate and monthly pension in today's money; the real options if short. */
  pension_estimate: {
    keys: PENSION_KEYS,
    run({ vars, now, t }) {
      const req = pensionRequest(vars, now);
      const e = req ? safeEstimate(req) : undefined;
      if (!req || !e?.retirement || !e.pension) return { messages: [text(t('estimate.error'))], outcome: 'error' };
      const p = e.pension;
      const out = pensionLines(t, e, req.sex ?? 'male');
      // Someone already entitled has nothing more to pay: no contribution line for them.
      if (!(p.eligible && p.pastRetirementAge)) {
        out.push(t('pension.contribution', { net: formatVnd(e.contribution.monthlyNet), base: formatVnd(e.contribution.incomeBase) }));
        out.push(...upcomingLines(t, e));
      }
      const shown = {
        kind: 'pension',
        income: req.income,
        incomeBase: e.contribution.incomeBase,
        monthlyNet: e.contribution.monthlyNet,
        group: req.group,
        retirementMonth: e.retirement.reachedOn,
        pensionFrom: p.pensionStartsOn ?? e.retirement.pensionFrom,
        monthsAtRetirement: p.monthsAtRetirement,
        eligible: p.eligible,
        ratePercent: p.ratePercent,
        monthlyPension: p.monthlyAmount,
        asOf: req.asOf,
      };
      // A pension shown after a contribution estimate keeps both for the agent.
      const prev = vars.estimate as Record<string, unknown> | undefined;
      const estimateVar = prev && prev.kind === 'contribution' ? { ...prev, pension: shown } : shown;
      // The flow does not ask how many supported months were used, and the coming change is said above.
      const hidden = new Set(['support_months_assumed', 'upcoming_change']);
      return {
        vars: { estimate: estimateVar },
        messages: [text(out.join('\n')), ...notesMessage(t, e.codedNotes.filter((n) => !hidden.has(n.code)).map((n) => n.text))],
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
