/**
 * Computed answers to questions inside the FAQ topics ("rút sau 8 năm mức 3 triệu được bao nhiêu", "nếu tôi mất…",
 * "đóng trước 5 năm", "đóng bù", "VssID", "tổng đài"…). Each is the first step of its topic (explain.yaml, and the
 * first steps of the contribution, pension, lead and human flows): it reads the details and words of the message
 * and either answers with figures from the dated data (outcome `answered`) or lets the topic's usual text follow.
 * Amounts come from src/insurance; the words that tell sub-questions apart are matched folded (no diacritics).
 */
import type { OutboundMessage } from '../channels/types.ts';
import type { Translate } from '../i18n.ts';
import {
  backPayment, computeContribution, estimate, formatVnd, funeralAllowance, monthOf, oneOffWithdrawal, policyAt, supportReceivedEstimate, survivorLumpSum,
  upcomingChanges, viDate, vietnamDate, type Policy, type SupportGroup,
} from '../insurance/index.ts';
import { normalize, parseMoney, parsePaidMonths, readDetails } from '../language/index.ts';
import type { Action, ActionContext } from './actions.ts';
import { percent } from './policy-vars.ts';

const text = (t: string): OutboundMessage => ({ kind: 'text', text: t });
const GROUPS: readonly string[] = ['poor', 'near_poor', 'ethnic_minority', 'island_zone', 'other'];

/** Folded words of the message with spaces around, for ` word ` tests. */
function folded(ctx: ActionContext): string {
  return ctx.text ? ` ${normalize(ctx.text).folded.replace(/[^a-z0-9]+/g, ' ').trim()} ` : '';
}

const has = (f: string, ...phrases: string[]) => phrases.some((p) => f.includes(` ${p} `));

function groupOf(vars: ActionContext['vars']): SupportGroup {
  const g = vars.group;
  return (typeof g === 'string' && GROUPS.includes(g) ? g : 'other') as SupportGroup;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Months and income of the question ("sau 8 năm", "mức 3 triệu"), else what the conversation already knows. */
function monthsAndIncome(ctx: ActionContext): { months?: number; income?: number } {
  const months = ctx.text ? parsePaidMonths(ctx.text, ctx.now) : undefined;
  const money = ctx.text ? parseMoney(ctx.text) : undefined;
  const income = money?.kind === 'amount' ? money.vnd : undefined;
  const m = months ?? num(ctx.vars.paid_months);
  const i = income ?? num(ctx.vars.income);
  return { ...(m !== undefined && m > 0 ? { months: m } : {}), ...(i !== undefined && i > 0 ? { income: i } : {}) };
}

function span(t: Translate, months: number): string {
  const y = Math.floor(months / 12);
  const m = months % 12;
  if (y === 0) return t('common.months', { months: m });
  return m === 0 ? t('common.years', { years: y }) : t('common.years_months', { years: y, months: m });
}

function notes(t: Translate, list: readonly string[]): OutboundMessage[] {
  return list.length ? [text(`${t('estimate.notes_head')}\n${list.map((n) => `• ${n}`).join('\n')}`)] : [];
}

/** The line every computed answer ends with: since when the rule applies, and the date of the figures. */
function ruleDate(t: Translate, since: string, asOf: string): string {
  return t('answer.rule_date', { since: viDate(since), date: viDate(asOf) });
}

function today(ctx: ActionContext): { asOf: string; p: Policy } {
  const asOf = vietnamDate(ctx.now);
  return { asOf, p: policyAt(asOf) };
}

const answered = (messages: OutboundMessage[], vars?: Record<string, unknown>) => ({ messages, outcome: 'answered', ...(vars ? { vars } : {}) });

/** The income base a stated income stands for today (raised to the floor, lowered to the ceiling). */
function baseOf(income: number, p: Policy): number {
  return computeContribution({ income, group: 'other', period: 1 }, p).incomeBase;
}

/**
 * net = 22 % × income − support ⇒ income = (net + support) / 22 %, to the thousand below. Said in this message, it
 * replaces an earlier income; said before, it is used when no income is known.
 */
function incomeFromTarget(ctx: ActionContext): { vars: Record<string, unknown>; outcome: string; messages: OutboundMessage[] } | undefined {
  const said = ctx.text ? readDetails(ctx.text, ctx.now).contributionVnd : undefined;
  const target = said ?? (num(ctx.vars.income) === undefined ? num(ctx.vars.contribution_target) : undefined);
  if (target === undefined) return undefined;
  const { p } = today(ctx);
  const support = computeContribution({ income: p.floor, group: groupOf(ctx.vars), period: 1 }, p).monthlySupport;
  const income = Math.floor(((target + support) * 10_000) / p.contributionRateBp.value / 1000) * 1000;
  return { vars: { income, contribution_target: target }, outcome: 'income', messages: [text(ctx.t('answer.target', { target: formatVnd(target), income: formatVnd(income) }))] };
}

/** "Đóng bù những năm đã nghỉ": not possible, except the missing months at retirement age (≤ 5 years), priced. */
function backPayAnswer(ctx: ActionContext): ReturnType<Action['run']> | undefined {
  const f = folded(ctx);
  if (!has(f, 'dong bu', 'bu', 'truy dong', 'dong lai', 'con thieu', 'thieu')) return undefined;
  const { t } = ctx;
  const { asOf, p } = today(ctx);
  const { months, income } = monthsAndIncome(ctx);
  const missing = Math.min(months ?? p.backPayMaxMissingMonths.value, p.backPayMaxMissingMonths.value);
  const base = baseOf(income ?? p.floor, p);
  const back = backPayment(base, missing, p);
  const lines = [t('answer.backpay')];
  if (back) lines.push(t('answer.backpay_example', { months: back.months, income: formatVnd(base), amount: formatVnd(back.amount) }));
  lines.push(ruleDate(t, p.backPayMaxMissingMonths.from, asOf));
  return answered([text(lines.join('\n')), ...notes(t, [p.fundReturnMonthly.assumptionVi ?? ''].filter(Boolean))]);
}

/** "VssID là gì", asked under whichever topic the classifier picks. */
function vssid(ctx: ActionContext): ReturnType<Action['run']> | undefined {
  return has(folded(ctx), 'vssid', 'vss id', 'vss') ? answered([text(ctx.t('answer.vssid'))]) : undefined;
}

export const answerActions: Record<string, Action> = {
  /** The pause topic's first step: "nghỉ 2 năm, giờ đóng bù được không" gets the back-payment answer. */
  backpay_answer: {
    keys: ['answer.backpay', 'answer.backpay_example', 'answer.rule_date', 'estimate.notes_head'],
    run(ctx) {
      return backPayAnswer(ctx) ?? {};
    },
  },

  /** The "what is" topic's first step: "VssID là gì" is about the app, not about voluntary insurance. */
  vssid_answer: {
    keys: ['answer.vssid'],
    run(ctx) {
      return vssid(ctx) ?? {};
    },
  },

  /** "Rút BHXH một lần sau N năm mức X được bao nhiêu": 1,5 / 2 × Mbq per year, minus the support received. */
  withdraw_answer: {
    keys: ['answer.withdraw', 'answer.withdraw_how', 'answer.withdraw_support', 'answer.assumed_span', 'answer.rule_date', 'estimate.notes_head', 'common.months', 'common.years', 'common.years_months'],
    run(ctx) {
      const { months, income } = monthsAndIncome(ctx);
      if (months === undefined || income === undefined) return {};
      const { t } = ctx;
      const { asOf, p } = today(ctx);
      const base = baseOf(income, p);
      const c = computeContribution({ income: base, group: groupOf(ctx.vars), period: 1, province: typeof ctx.vars.province_code === 'string' ? ctx.vars.province_code : undefined }, p);
      const support = supportReceivedEstimate(months, c.monthlySupport + c.monthlyLocalSupport, p);
      const lastMonth = monthOf(asOf) - 1;
      const w = oneOffWithdrawal({ months, averageIncome: base, lastMonth }, support, p);
      const lines = [
        t('answer.withdraw', { span: span(t, months), income: formatVnd(base), amount: formatVnd(w.amount) }),
        t('answer.withdraw_how', { gross: formatVnd(w.gross) }),
        ...(w.supportDeducted > 0 ? [t('answer.withdraw_support', { support: formatVnd(w.supportDeducted) })] : []),
        ruleDate(t, p.lumpSumPerYear.from, asOf),
      ];
      return answered([
        text(lines.join('\n')),
        ...notes(t, [t('answer.assumed_span', { span: span(t, months), income: formatVnd(base) })]),
      ]);
    },
  },

  /** "Nếu tôi mất sau N năm": survivor lump sum, and the funeral allowance when ≥ 60 months; "mai táng": the allowance. */
  death_answer: {
    keys: ['answer.survivor', 'answer.survivor_funeral', 'answer.survivor_no_funeral', 'answer.funeral', 'answer.assumed_span', 'answer.rule_date', 'estimate.notes_head', 'common.months', 'common.years', 'common.years_months'],
    run(ctx) {
      const { t } = ctx;
      const { asOf, p } = today(ctx);
      const { months, income } = monthsAndIncome(ctx);
      const f = folded(ctx);
      if (months !== undefined && income !== undefined) {
        const base = baseOf(income, p);
        const s = survivorLumpSum({ months, averageIncome: base, lastMonth: monthOf(asOf) - 1 }, p);
        const funeral = funeralAllowance(months, p);
        const lines = [
          t('answer.survivor', { span: span(t, months), income: formatVnd(base), amount: formatVnd(s.amount) }),
          funeral.eligible ? t('answer.survivor_funeral', { amount: formatVnd(funeral.amount) }) : t('answer.survivor_no_funeral', { months: funeral.minMonths }),
          ruleDate(t, p.lumpSumPerYear.from, asOf),
        ];
        return answered([text(lines.join('\n')), ...notes(t, [t('answer.assumed_span', { span: span(t, months), income: formatVnd(base) })])]);
      }
      if (has(f, 'mai tang', 'chon cat', 'an tang')) {
        const funeral = funeralAllowance(0, p);
        return answered([
          text([
            t('answer.funeral', { amount: formatVnd(funeral.amount), multiplier: p.funeralMultiplier.value, ref: formatVnd(p.referenceLevel.value), months: funeral.minMonths }),
            ruleDate(t, p.funeralMultiplier.from, asOf),
          ].join('\n')),
          ...notes(t, p.referenceLevel.confidence !== 'certain' && p.referenceLevel.assumptionVi ? [p.referenceLevel.assumptionVi] : []),
        ]);
      }
      return {};
    },
  },

  /** Payment topic: where to pay, VssID, paying ahead (amount for N years), paying back missed years. */
  payment_answer: {
    keys: ['answer.vssid', 'answer.where_to_pay', 'answer.advance', 'answer.backpay', 'answer.backpay_example', 'answer.rule_date', 'estimate.notes_head'],
    run(ctx) {
      const { t } = ctx;
      const { asOf, p } = today(ctx);
      const f = folded(ctx);
      const vss = vssid(ctx);
      if (vss) return vss;
      const { months, income } = monthsAndIncome(ctx);
      if (has(f, 'dong truoc', 'tra truoc', 'nop truoc', 'mot lan cho', 'gop nhieu nam')) {
        const n = Math.min(months ?? p.advanceMaxMonths.value, p.advanceMaxMonths.value);
        const base = baseOf(income ?? p.floor, p);
        const e = estimate({ income: base, group: groupOf(ctx.vars), period: 1, asOf, advanceMonths: Math.max(13, n) });
        const a = e.advance!;
        const keep = new Set(['fund_return_monthly', 'advance_support_undiscounted', 'rural_poverty_standard', 'upcoming_change']);
        return answered([
          text([t('answer.advance', { months: a.months, income: formatVnd(base), net: formatVnd(a.net), gross: formatVnd(a.undiscounted), support: formatVnd(a.support) }), ruleDate(t, p.advanceMaxMonths.from, asOf)].join('\n')),
          ...notes(t, e.codedNotes.filter((x) => keep.has(x.code)).map((x) => x.text)),
        ]);
      }
      const back = backPayAnswer(ctx);
      if (back) return back;
      if (has(f, 'o dau', 'cho nao', 'noi nao', 'buu dien', 'diem thu')) return answered([text(t('answer.where_to_pay'))]);
      return {};
    },
  },

  /** The pension flow's first step: "lương hưu tối thiểu", "lương hưu có tăng không" get a plain answer. */
  pension_question: {
    keys: ['answer.min_pension', 'answer.pension_raise', 'answer.pension_raise_unsure', 'answer.rule_date'],
    run(ctx) {
      const { t } = ctx;
      const { asOf, p } = today(ctx);
      const f = folded(ctx);
      if (has(f, 'toi thieu', 'thap nhat', 'it nhat', 'muc san')) {
        return answered([text([t('answer.min_pension'), ruleDate(t, p.minPensionRule.from, asOf)].join('\n'))]);
      }
      if (has(f, 'tang', 'dieu chinh', 'tang luong huu', 'len')) {
        const sure = p.pensionIndexation.confidence === 'certain' ? '' : t('answer.pension_raise_unsure');
        return answered([text([t('answer.pension_raise', { sure }), ruleDate(t, p.pensionIndexation.from, asOf)].join('\n'))]);
      }
      return {};
    },
  },

  /** "Tôi đóng được 500 nghìn" (`contribution_target`): the income that costs that much (outcome `income`). */
  income_from_target: {
    keys: ['answer.target'],
    run(ctx) {
      return incomeFromTarget(ctx) ?? {};
    },
  },

  /**
   * The contribution flow's first step: "mức đóng tối thiểu năm 2027", "sang năm có tăng không" get both figures
   * with the date and the confidence; "đóng được X" works back to the income (outcome `income`).
   */
  contribution_question: {
    keys: ['answer.floor_next', 'answer.floor_none', 'answer.target', 'contribution.upcoming_certain', 'contribution.upcoming_likely', 'contribution.upcoming_unsure', 'answer.rule_date'],
    run(ctx) {
      const { t } = ctx;
      const { asOf, p } = today(ctx);
      const f = folded(ctx);
      const target = incomeFromTarget(ctx);
      if (target) return target;
      const years = [...f.matchAll(/ (20\d\d) /g)].map((m) => Number(m[1]));
      const next = upcomingChanges(asOf, 13).find((u) => u.parameter === 'rural_poverty_standard');
      const asksNext = has(f, 'sang nam', 'nam sau', 'nam toi', 'tang khong', 'co tang', 'se tang') || years.some((y) => y > Number(asOf.slice(0, 4)));
      if (!asksNext) return {};
      const now = computeContribution({ income: p.floor, group: 'other', period: 1 }, p);
      if (!next) return answered([text([t('answer.floor_none', { floor: formatVnd(p.floor), net: formatVnd(now.monthlyNet) }), ruleDate(t, p.ruralPovertyStandard.from, asOf)].join('\n'))]);
      const q = policyAt(next.from);
      const later = computeContribution({ income: q.floor, group: 'other', period: 1 }, q);
      return answered([
        text([
          t('answer.floor_next', {
            floor: formatVnd(p.floor), net: formatVnd(now.monthlyNet), date: viDate(next.from), change: t(next.confidence === 'certain' ? 'contribution.upcoming_certain' : 'contribution.upcoming_likely'),
            next: formatVnd(next.after), sure: next.confidence === 'certain' ? '' : t('contribution.upcoming_unsure'), next_net: formatVnd(later.monthlyNet), rate: percent(p.contributionRateBp.value),
          }),
          ruleDate(t, p.ruralPovertyStandard.from, asOf),
        ].join('\n')),
      ]);
    },
  },

  /**
   * The lead flow's first step: "đăng ký cần giấy tờ gì" gets the list, "đóng ở đâu" the places to pay, before the
   * offer of an agent.
   */
  register_answer: {
    keys: ['answer.documents', 'answer.where_to_pay'],
    run(ctx) {
      const f = folded(ctx);
      if (has(f, 'giay to', 'ho so', 'thu tuc', 'can mang', 'can nhung gi', 'can gi', 'mang theo')) return { messages: [text(ctx.t('answer.documents'))] };
      if (has(f, 'o dau', 'cho nao', 'noi nao')) return { messages: [text(ctx.t('answer.where_to_pay'))] };
      return {};
    },
  },

  /** The human flow's first step: "số tổng đài", "hotline" get the number and the bot stays on. */
  hotline_answer: {
    keys: ['answer.hotline'],
    run(ctx) {
      const f = folded(ctx);
      return has(f, 'tong dai', 'hotline', 'so dien thoai', 'sdt', 'so may', 'goi so') ? answered([text(ctx.t('answer.hotline'))]) : {};
    },
  },
};
