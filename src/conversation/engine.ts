import type { i18n } from 'i18next';
import { createTranslate, type Translate } from '../i18n.ts';
import { isPayload, parsePayload, type Choice, type InboundEvent, type OutboundMessage } from '../channels/types.ts';
import {
  expandTokens, INTENT_NAMES, isQuestion, normalize, parseMoney, parsePhone, parseSex, parseYesNo, readDetails, words,
  type Understander, type Understanding,
} from '../language/index.ts';
import { actions as defaultActions, policyVars, type Action } from './actions.ts';
import type { AskStep, ChooseStep, Condition, ConfirmStep, Option, Step } from './flow-schema.ts';
import { detailVars, KNOWN_VAR, knownLine, knownSet, SHOWN_VAR, shownSet } from './known.ts';
import { following, resolveTarget, type FlowSet, type Position, type Resolved } from './loader.ts';
import { parseAnswer, type ParseOutcome, type PlaceCandidate } from './parse.ts';
import type { DomainEvent, Engine, Session, TurnResult } from './types.ts';

/** Intents that leave whatever the user was doing. */
const NAV_INTENTS = new Set(['human', 'menu', 'restart', 'stop', 'delete_data']);
/** Questions answered by a step of the explain flow with the same id. */
export const FAQ_TOPICS = [
  'what_is', 'who_can_join', 'contribution', 'support', 'pension', 'retirement_age', 'payment_methods', 'pause_resume',
  'withdraw_lump_sum', 'maternity', 'death_benefit', 'health_card',
] as const;
/** Flows where the user is browsing, not answering: a question there opens its topic instead of resuming. */
const BROWSING_FLOWS = new Set(['welcome', 'explain', 'fallback']);

/** Steps the engine itself jumps to; flows:check proves they exist. */
export const ENGINE_TARGETS = {
  welcome: '@welcome',
  menu: '@welcome.menu',
  human: '@human',
  lead: '@lead',
  privacy: '@privacy',
  contribution: '@contribution',
  pension: '@pension',
  /** A typed amount at rest starts the estimate with it. */
  quickIncome: '@contribution.check_income',
  /** "Bao giờ tôi nghỉ hưu?" with the sex and birth known: the retirement month for that person. */
  retirement: '@retirement',
  fallback: ['@fallback.clarify', '@fallback.menu', '@fallback.offer_human'],
  faq: Object.fromEntries(FAQ_TOPICS.map((t) => [t, `@explain.${t}`])) as Record<string, string>,
} as const;

/** Texts the engine says by itself (not from a flow step); flows:check proves they exist. */
export const ENGINE_KEYS = [
  'engine.updated', 'engine.error', 'engine.resume', 'engine.way_out', 'engine.stopped', 'engine.thanks', 'engine.attachment',
  'engine.location_unexpected', 'engine.share_location', 'engine.place_which', 'engine.place_none', 'engine.to_human',
  'engine.to_menu', 'engine.contact_card_title', 'engine.contact_card_subtitle', 'engine.contact_card_subtitle_messenger', 'engine.hello_again',
  'engine.confirm_known', 'engine.noted', 'engine.btn_right', 'engine.btn_edit',
  'engine.more_questions', 'engine.which', 'engine.out_of_scope', ...INTENT_NAMES.filter((i) => i !== 'unknown').map((i) => `intent.${i}`),
  'known.male', 'known.female', 'known.birth_year', 'known.birth_month', 'known.birth_day', 'known.paid', 'known.paid_compulsory', 'known.paid_all_compulsory',
  'known.paid_none', 'known.income', 'known.contribution', 'known.past_salary', 'known.group_poor', 'known.group_near_poor',
  'known.group_ethnic_minority', 'known.group_island_zone', 'known.group_other',
  'reask.money', 'reask.money_range', 'reask.money_none', 'reask.money_period', 'reask.money_contribution', 'reask.birth', 'reask.birth_range', 'reask.paid_months', 'reask.phone', 'reask.yes_no', 'reask.sex',
  'reask.place', 'reask.name', 'reask.free', 'reask.choose',
] as const;

export interface EngineOptions {
  flows: FlowSet;
  i18n: i18n;
  /** Reads intents (and details) from typed text: `loadUnderstander()` of src/nlu-loader.ts in the app. */
  understander: Understander;
  actions?: Record<string, Action>;
}

/** At most this many questions of one message are answered; the user is told when there were more. */
export const MAX_ANSWERS = 3;
/** Requests acted on only when they are all the message asks. */
const ALONE_ONLY = new Set(['menu', 'restart', 'stop', 'greeting', 'thanks']);
/** Which request of a message is acted on when it has several (first in this list). */
const REQUEST_ORDER = ['human', 'agent', 'register', 'delete_data', 'restart', 'menu', 'greeting', 'thanks', 'stop'];
const rank = (intent: string): number => (REQUEST_ORDER.includes(intent) ? REQUEST_ORDER.indexOf(intent) : REQUEST_ORDER.length);

type Vars = Record<string, unknown>;

/** Details that describe the person (for a pension or retirement answer). */
const PERSON_VARS = ['sex', 'birth', 'paid_months'] as const;
/** Kinds of question a button may lead to whose value can come with the click ("ko phải, 3 triệu thôi"). */
const CORRECTABLE = new Set(['money', 'birth', 'paid_months', 'phone', 'place']);

const MAX_STEPS_PER_TURN = 60;

function freshSession(event: InboundEvent, version: string, now: Date): Session {
  const at = now.getTime();
  return {
    schema: 1, channel: event.channel, userId: event.userId, flowVersion: version, position: undefined, resumeTo: undefined,
    vars: {}, failures: 0, createdAt: at, updatedAt: at,
  };
}

/** Folded words with teencode expanded (`ko` → `khong`), so a typed short form meets a button's words. */
function fold(text: string): string {
  return expandTokens(words(normalize(text).folded)).join(' ');
}

function coerce(value: string): string | number {
  return /^\d{1,9}$/.test(value) ? Number(value) : value;
}

/** One turn's mutable state; the engine itself holds no per-user state. */
class Turn {
  readonly messages: OutboundMessage[] = [];
  readonly events: DomainEvent[] = [];
  vars: Vars;
  position: Position | undefined;
  resumeTo: Position | undefined;
  failures: number;

  constructor(
    readonly engine: FlowEngine,
    readonly session: Session,
    readonly event: InboundEvent,
    readonly now: Date,
  ) {
    this.vars = { ...session.vars };
    this.position = session.position;
    this.resumeTo = session.resumeTo;
    this.failures = session.failures;
  }

  get t(): Translate {
    return this.engine.t;
  }

  say(key: string, choices?: Choice[], extra?: Vars): void {
    const text = this.t(key, { ...policyVars(this.now, this.t), ...this.vars, ...extra });
    this.messages.push(choices && choices.length ? { kind: 'text', text, choices } : { kind: 'text', text });
  }

  step(): Step | undefined {
    return this.position ? this.engine.step(this.position) : undefined;
  }

  set(updates: Vars): void {
    for (const [k, v] of Object.entries(updates)) {
      if (v === undefined) delete this.vars[k];
      else this.vars[k] = v;
    }
  }

  understood(): void {
    delete this.vars._fallbacks;
  }

  /** Marks variables as shown back to the user (a `noted` or confirm line), or as changed since. */
  show(names: readonly string[], shown = true): void {
    const set = shownSet(this.vars);
    for (const n of names) {
      if (shown) set.add(n);
      else set.delete(n);
    }
    if (set.size) this.vars[SHOWN_VAR] = [...set];
    else delete this.vars[SHOWN_VAR];
  }

  /** Marks variables as known (said, answered or confirmed): their ask steps are passed. */
  know(names: readonly string[], known = true): void {
    const set = knownSet(this.vars);
    for (const n of names) {
      if (known) set.add(n);
      else set.delete(n);
    }
    if (set.size) this.vars[KNOWN_VAR] = [...set];
    else delete this.vars[KNOWN_VAR];
  }

  /** The reading of this turn's text, computed once. */
  reading: Understanding | undefined;

  result(): TurnResult {
    const session: Session = {
      ...this.session,
      flowVersion: this.engine.flowVersion,
      position: this.position,
      resumeTo: this.resumeTo,
      vars: this.vars,
      failures: this.failures,
      updatedAt: this.now.getTime(),
    };
    return { session, messages: this.messages, events: this.events };
  }
}

/** The flow interpreter: pure, `(session, event, now) → (session', messages, domain events)`. */
export class FlowEngine implements Engine {
  readonly flowVersion: string;
  readonly t: Translate;
  private readonly flows: FlowSet;
  private readonly actions: Record<string, Action>;
  private readonly understander: Understander;

  constructor(opts: EngineOptions) {
    this.flows = opts.flows;
    this.understander = opts.understander;
    this.flowVersion = opts.flows.version;
    this.t = createTranslate(opts.i18n, 'vi');
    this.actions = opts.actions ?? defaultActions;
  }

  step(p: Position): Step | undefined {
    return this.flows.flows.get(p.flow)?.byId.get(p.step);
  }

  private resolve(from: string, target: string): Resolved {
    const r = resolveTarget(this.flows, from, target);
    if (!r) throw new Error(`flow target ${target} from ${from} does not exist (run npm run flows:check)`);
    return r;
  }

  turn(session: Session | undefined, event: InboundEvent, now: Date): TurnResult {
    try {
      return this.play(session, event, now);
    } catch (err) {
      // A flow bug must not make the platform retry the same event forever: apologise and show the menu.
      const s = session ?? freshSession(event, this.flowVersion, now);
      const turn = new Turn(this, { ...s, position: undefined, resumeTo: undefined, failures: 0 }, event, now);
      turn.say('engine.error');
      try {
        this.run(turn, this.resolve('welcome', ENGINE_TARGETS.menu));
      } catch {
        // The menu itself is broken: the apology alone.
      }
      const result = turn.result();
      return { ...result, session: { ...result.session, vars: { ...result.session.vars, _lastError: String((err as Error).message).slice(0, 200) } } };
    }
  }

  private play(session: Session | undefined, event: InboundEvent, now: Date): TurnResult {
    const isNew = session === undefined;
    const s = session ?? freshSession(event, this.flowVersion, now);
    const turn = new Turn(this, s, event, now);
    if (event.kind === 'echo' || event.kind === 'receipt') return { session: s, messages: [], events: [] };
    if (event.kind === 'unfollow') {
      turn.position = undefined;
      turn.resumeTo = undefined;
      return turn.result();
    }

    // After a deploy: a user standing on a step that no longer exists restarts that flow (or sees the menu).
    if (turn.position && !this.step(turn.position)) {
      const flow = turn.position.flow;
      turn.position = undefined;
      turn.resumeTo = undefined;
      turn.failures = 0;
      turn.say('engine.updated');
      const restart = this.flows.flows.has(flow) ? `@${flow}` : ENGINE_TARGETS.menu;
      if (event.kind === 'text' && !isPayload(event.text) && this.intentOf(turn, event.text)) {
        this.onText(turn, event.text);
      } else {
        this.run(turn, this.resolve('welcome', restart));
      }
      return turn.result();
    }

    switch (event.kind) {
      case 'start':
        turn.resumeTo = undefined;
        this.run(turn, this.resolve('welcome', ENGINE_TARGETS.welcome));
        break;
      case 'payload':
        this.onPayload(turn, event.payload, event.title);
        break;
      case 'text':
        if (isPayload(event.text)) this.onPayload(turn, event.text);
        else if (isNew) this.onFirstText(turn, event.text);
        else this.onText(turn, event.text);
        break;
      case 'location':
        this.onLocation(turn, event.latitude, event.longitude);
        break;
      case 'contact':
        this.onContact(turn, event);
        break;
      case 'attachment':
        turn.say('engine.attachment');
        this.reprompt(turn);
        break;
    }
    return turn.result();
  }

  // ---- inbound kinds -------------------------------------------------------------------------------------------

  private onFirstText(turn: Turn, text: string): void {
    const intent = this.intentOf(turn, text);
    const money = parseMoney(text);
    const details = Object.keys(detailVars(readDetails(text, turn.now), turn.now, undefined)).length > 0;
    if ((!intent || intent === 'greeting' || intent === 'unknown') && money?.kind !== 'amount' && !details) {
      this.run(turn, this.resolve('welcome', ENGINE_TARGETS.welcome));
      return;
    }
    // Introduce ourselves once, then answer what they asked.
    const hello = this.flows.flows.get('welcome')?.steps[0];
    if (hello?.type === 'say') for (const k of [hello.text].flat()) turn.say(k);
    this.onText(turn, text);
  }

  private onPayload(turn: Turn, payload: string, title?: string): void {
    const p = parsePayload(payload);
    if (!p) {
      // A postback that is not ours (an old persistent menu): read its title like typed text.
      this.onText(turn, title ?? payload);
      return;
    }
    const step = turn.step();
    switch (p.topic) {
      case 'choice': {
        if (step?.type === 'confirm' && (p.value === 'yes' || p.value === 'edit')) return this.confirmed(turn, step, p.value === 'yes');
        if (step && (step.type === 'choose' || step.type === 'ask')) {
          const option = step.options?.find((o) => o.value === p.value);
          if (option) return this.pick(turn, step, option);
        }
        // A button from an older message: never a name (tapping "Đồng ý" again at the name question); elsewhere
        // its title is read like typed text.
        if (step?.type === 'ask' && step.kind === 'name') return this.fail(turn, step);
        this.onText(turn, title ?? p.value);
        return;
      }
      case 'place': {
        const candidates = turn.vars._candidates as PlaceCandidate[] | undefined;
        if (step?.type === 'ask' && step.kind === 'place') {
          const picked = p.value === 'none' ? undefined : candidates?.[Number(p.value)];
          turn.set({ _candidates: undefined });
          if (picked) return this.accept(turn, step, picked);
          turn.say('engine.place_none');
          return this.prompt(turn, step);
        }
        return this.reprompt(turn);
      }
      case 'menu': {
        turn.understood();
        const target = resolveTarget(this.flows, 'welcome', `@${p.value}`);
        this.leave(turn);
        return this.run(turn, target ?? this.resolve('welcome', ENGINE_TARGETS.menu));
      }
      case 'intent':
        return this.onIntent(turn, p.value);
      case 'lead': {
        const [command = '', leadId] = p.value.split('.');
        turn.events.push({ type: 'agent_command', command, ...(leadId ? { leadId } : {}) });
        return;
      }
      default:
        this.onText(turn, title ?? payload);
    }
  }

  private onText(turn: Turn, text: string): void {
    const step = turn.step();
    // Details said anywhere (birth, sex, years paid, income…) are kept whatever the step asked; a name or free text
    // is the user's words, not details ("Nam" is a name there).
    const freeText = step?.type === 'ask' && (step.kind === 'name' || step.kind === 'free');
    const said = freeText ? [] : this.remember(turn, text);
    // A message with details is about them, not small talk ("đi làm công ty 12 năm" is no "thank you").
    const social = (i: string | undefined) => i === 'greeting' || i === 'thanks';
    const classified = this.intentOf(turn, text);
    const intent = said.length > 0 && social(classified) ? undefined : classified;
    const question = isQuestion(text);

    if (step?.type === 'confirm') return this.onConfirmText(turn, step, text, said, intent);
    if (step?.type === 'choose') {
      if (!question && this.correct(turn, step, text)) return;
      const option = this.matchOption(step, text, false, question ? 'question' : said.length ? 'details' : undefined);
      if (option) return this.pick(turn, step, option);
      const byVar = step.var && said.includes(step.var) ? step.options.find((o) => o.value === String(turn.vars[step.var!])) : undefined;
      if (byVar) return this.pick(turn, step, byVar);
    }
    let reason: string | undefined;
    if (step?.type === 'ask') {
      const option = step.options && this.matchOption(step, text, true);
      if (option && option.next) return this.pick(turn, step, option);
      if (!freeText) {
        const out: ParseOutcome = question && intent ? { ok: false } : parseAnswer(step.kind, text, turn.now);
        if (out.ok === true) return this.accept(turn, step, out.value);
        if (out.ok === 'choose') return this.offerPlaces(turn, step, out.candidates);
        if (said.includes(step.var)) return this.accept(turn, step, turn.vars[step.var]);
        if (out.ok === false) reason = out.reason;
        if (!intent && said.length === 0) return this.fail(turn, step, reason);
      }
    }
    if (intent && NAV_INTENTS.has(intent)) return this.answer(turn, this.read(turn, text));
    if (freeText && step?.type === 'ask') {
      const out = parseAnswer(step.kind, text, turn.now);
      return out.ok === true ? this.accept(turn, step, out.value) : this.fail(turn, step);
    }
    const resting = !step || BROWSING_FLOWS.has(turn.position!.flow);
    // At rest, details about the person answer their own pension or retirement question.
    if (resting && this.personal(turn, intent, said)) return;
    // What the user can pay ("tôi chỉ đóng được 1 triệu"), or an income per day or season: the estimate starts,
    // and works the monthly income back from it or asks for it.
    if (resting && (!intent || intent === 'contribution') && (said.includes('contribution_target') || said.includes('income_said'))) {
      return void this.start(turn, ENGINE_TARGETS.contribution);
    }
    // An amount typed while browsing starts the estimate with it ("thu nhập 5tr").
    const money = parseMoney(text);
    if (resting && (!intent || intent === 'contribution') && (said.includes('income') || (said.length === 0 && money?.kind === 'amount'))) {
      turn.understood();
      if (!said.includes('income') && money?.kind === 'amount') turn.set({ income: money.vnd });
      this.leave(turn);
      return this.run(turn, this.resolve('welcome', ENGINE_TARGETS.quickIncome));
    }
    if (intent) return this.answer(turn, this.read(turn, text));
    if (said.length > 0 && this.noted(turn, said)) {
      turn.understood();
      return this.reprompt(turn);
    }
    if (step && (step.type === 'choose' || step.type === 'ask') && !resting) return this.fail(turn, step, reason);
    if (this.read(turn, text).clauses.some((c) => c.intent === 'unknown' && !c.unsure && c.text !== '')) return this.outOfScope(turn);
    this.fallback(turn);
  }

  /** Stores a message's details as session variables; returns the names said. */
  private remember(turn: Turn, text: string): string[] {
    const vars = detailVars(readDetails(text, turn.now), turn.now, turn.position?.flow);
    // An amount typed at a money question for another variable (the company salary) answers it, not the income.
    const step = turn.step();
    if (step?.type === 'ask' && step.kind === 'money' && step.var !== 'income') delete vars.income;
    const names = Object.keys(vars);
    if (names.length === 0) return names;
    turn.set(vars);
    turn.know(names);
    turn.show(names, false);
    return names;
  }

  /** Says back in one line the details just said ("Dạ, mình ghi nhận: sinh năm 1972, đã đóng 8 năm."). */
  private noted(turn: Turn, said: readonly string[]): boolean {
    const line = knownLine(turn.vars, said, this.t);
    if (!line) return false;
    turn.say('engine.noted', undefined, { known: line });
    turn.show(said);
    return true;
  }

  /**
   * At rest: "bao giờ tôi nghỉ hưu?" with the sex or birth known gets the retirement month for that person; a
   * pension question, or details about the person alone ("3/1966", "9 năm"), start the pension estimate with them.
   */
  private personal(turn: Turn, intent: string | undefined, said: readonly string[]): boolean {
    const v = turn.vars;
    const aboutPerson = said.some((n) => (PERSON_VARS as readonly string[]).includes(n));
    // Details typed right after the retirement-age answer ("3/1966") answer that question.
    const topic = turn.position?.flow === 'explain' ? turn.position.step.replace(/_more$/, '') : undefined;
    const asked = intent ?? (aboutPerson && topic === 'retirement_age' ? topic : undefined);
    if (asked === 'retirement_age' && (v.birth !== undefined || v.sex !== undefined)) return this.start(turn, ENGINE_TARGETS.retirement);
    if (intent === 'pension' && aboutPerson) return this.start(turn, ENGINE_TARGETS.pension);
    if (intent || !aboutPerson) return false;
    if (v.birth !== undefined && v.sex !== undefined && v.income === undefined && !said.includes('paid_months')) {
      return this.start(turn, ENGINE_TARGETS.retirement);
    }
    return this.start(turn, ENGINE_TARGETS.pension);
  }

  private start(turn: Turn, target: string): true {
    turn.understood();
    this.leave(turn);
    this.run(turn, this.resolve('welcome', target));
    return true;
  }

  /**
   * A correction with a value at a button step ("ko phải, 3 triệu thôi" at "Thu nhập 5 triệu, đúng không?"): when a
   * button leads to a question whose answer is in the message, the value is taken there at once.
   */
  private correct(turn: Turn, step: ChooseStep, text: string): boolean {
    if (parseYesNo(text) === 'yes') return false;
    const typed = fold(text);
    if (step.options.some((o) => [this.t(o.title), ...(o.match ?? [])].map(fold).includes(typed))) return false;
    const from = turn.position!.flow;
    for (const option of step.options) {
      if (!option.next) continue;
      const target = this.resolve(from, option.next);
      if (target === 'end') continue;
      const ask = this.step(target);
      if (ask?.type !== 'ask' || !CORRECTABLE.has(ask.kind)) continue;
      const out = parseAnswer(ask.kind, text, turn.now);
      if (out.ok !== true) continue;
      turn.position = target;
      this.accept(turn, ask, out.value);
      return true;
    }
    return false;
  }

  private onConfirmText(turn: Turn, step: ConfirmStep, text: string, said: readonly string[], intent: string | undefined): void {
    // New values ("không, sinh 1967"): show the line again with them.
    if (said.some((n) => step.vars.includes(n))) return this.run(turn, turn.position!);
    const typed = fold(text);
    const yn = parseYesNo(text);
    if (typed === fold(this.t('engine.btn_edit')) || typed === 'sua' || yn === 'no') return this.confirmed(turn, step, false);
    if (typed === fold(this.t('engine.btn_right')) || yn === 'yes') return this.confirmed(turn, step, true);
    if (intent) return this.answer(turn, this.read(turn, text));
    this.fail(turn, step);
  }

  /** "Đúng rồi": the shown variables are known, their questions are passed. "Sửa": they are asked. */
  private confirmed(turn: Turn, step: ConfirmStep, right: boolean): void {
    turn.understood();
    turn.failures = 0;
    turn.resumeTo = undefined;
    const flow = turn.position!.flow;
    if (right) {
      turn.know(step.vars.filter((n) => turn.vars[n] !== undefined));
      turn.show(step.vars);
      return this.run(turn, this.after(flow, step));
    }
    turn.know(step.vars, false);
    turn.show(step.vars, false);
    this.run(turn, step.edit ? this.resolve(flow, step.edit) : this.after(flow, step));
  }

  private onLocation(turn: Turn, latitude: number, longitude: number): void {
    const step = turn.step();
    if (step?.type === 'ask' && step.kind === 'place') {
      turn.set({ _candidates: undefined });
      return this.accept(turn, step, { kind: 'point', latitude, longitude });
    }
    turn.say('engine.location_unexpected');
    this.reprompt(turn);
  }

  private onContact(turn: Turn, c: Extract<InboundEvent, { kind: 'contact' }>): void {
    const step = turn.step();
    const updates: Vars = {};
    if (c.name && c.name.trim().length >= 2) updates.name = c.name.trim();
    const phone = c.phone ? parsePhone(c.phone) : undefined;
    if (phone) updates.phone = phone.e164;
    if (step?.type === 'ask' && (step.kind === 'name' || step.kind === 'phone')) {
      // Zalo's card gives name and phone; Messenger's quick reply only the phone: keep what came, ask for the rest.
      turn.set(updates);
      if (updates[step.var] !== undefined) return this.accept(turn, step, updates[step.var]);
      return this.prompt(turn, step);
    }
    // Contact details outside the lead flow are not kept: we only store what the user consented to share.
    this.reprompt(turn);
  }

  // ---- global intents ------------------------------------------------------------------------------------------

  private read(turn: Turn, text: string): Understanding {
    if (turn.reading?.text !== text) turn.reading = this.understander.understand(text, turn.now);
    return turn.reading;
  }

  /** The first question's intent, when the message has one the bot understood. */
  private intentOf(turn: Turn, text: string): string | undefined {
    return this.read(turn, text).intents.find((m) => m.intent !== 'unknown')?.intent;
  }

  /**
   * Answers every question of a message, in order, up to MAX_ANSWERS: the short answer of each FAQ topic, then the
   * last question (or the first request that leads somewhere: a person, the menu, registering) the usual way. A
   * single question whose runner-up is close is asked back with both as buttons.
   */
  private answer(turn: Turn, reading: Understanding): void {
    let asked = reading.clauses.filter((c) => c.intent !== 'unknown');
    const only = asked.length === 1 ? asked[0] : undefined;
    if (only?.runnerUp) return this.askWhich(turn, [only.intent, only.runnerUp.intent]);
    // Next to real questions, "menu", "bắt đầu lại", "dừng" are not what the message is about.
    const weighty = asked.filter((c) => !ALONE_ONLY.has(c.intent));
    if (weighty.length > 0 && weighty.length < asked.length) asked = weighty;
    const answered = asked.slice(0, MAX_ANSWERS).map((c) => c.intent);
    if (asked.length > MAX_ANSWERS) turn.say('engine.more_questions', undefined, { count: asked.length, max: MAX_ANSWERS });
    // Of several requests, the one that leads somewhere wins; "stop" only when nothing else was asked
    // ("đừng nhắn nữa, gọi cho tôi" is a request to be called).
    const lead = answered.filter((i) => !ENGINE_TARGETS.faq[i]).sort((a, b) => rank(a) - rank(b))[0];
    const final = lead ?? answered.at(-1);
    if (final === undefined) return this.fallback(turn);
    for (const intent of answered) {
      const faq = ENGINE_TARGETS.faq[intent];
      if (faq && intent !== final) this.sayTopic(turn, this.resolve('explain', faq) as Position);
    }
    this.onIntent(turn, final);
  }

  /** Two intents were about as likely: ask which one, each as a button. */
  private askWhich(turn: Turn, intents: readonly string[]): void {
    turn.understood();
    turn.say('engine.which', intents.map((i) => ({ title: this.t(`intent.${i}`), payload: `#intent:${i}` })));
  }

  /** Understood, and not something the bot does: say so honestly, then the usual way on (buttons, menu, a person). */
  private outOfScope(turn: Turn): void {
    turn.say('engine.out_of_scope');
    this.fallback(turn);
  }

  /** Leaves the current flow (a global intent took over): nothing to resume. */
  private leave(turn: Turn): void {
    turn.position = undefined;
    turn.resumeTo = undefined;
    turn.failures = 0;
  }

  private onIntent(turn: Turn, intent: string): void {
    turn.understood();
    const step = turn.step();
    const busy = step !== undefined && !BROWSING_FLOWS.has(turn.position!.flow);
    const go = (target: string) => {
      this.leave(turn);
      this.run(turn, this.resolve('welcome', target));
    };
    switch (intent) {
      case 'human':
        return go(ENGINE_TARGETS.human);
      case 'menu':
        return go(ENGINE_TARGETS.menu);
      case 'restart':
        turn.vars = {};
        return go(ENGINE_TARGETS.welcome);
      case 'stop':
        this.leave(turn);
        turn.say('engine.stopped');
        return;
      case 'delete_data':
        return go(ENGINE_TARGETS.privacy);
      case 'register':
      case 'agent':
        return go(ENGINE_TARGETS.lead);
      case 'greeting':
        if (!busy) return go(ENGINE_TARGETS.welcome);
        turn.say('engine.hello_again');
        return this.reprompt(turn);
      case 'thanks':
        turn.say('engine.thanks');
        if (busy) return this.reprompt(turn);
        return;
      default:
        break;
    }
    const faq = ENGINE_TARGETS.faq[intent];
    if (!faq) return this.fallback(turn);
    if (!busy) {
      // Browsing: "đóng bao nhiêu" / "lương hưu" start the estimate, other questions open their topic.
      if (intent === 'contribution' && turn.position?.flow !== 'explain') return go(ENGINE_TARGETS.contribution);
      if (intent === 'pension' && turn.position?.flow !== 'explain') return go(ENGINE_TARGETS.pension);
      return go(faq);
    }
    // In the middle of a flow: answer briefly, then come back to the question we were at.
    this.sayTopic(turn, this.resolve('explain', faq) as Position);
    turn.resumeTo = turn.position;
    turn.say('engine.resume');
    this.reprompt(turn);
  }

  /** Not understood at rest: a clarifying question, then the menu, then the offer of a person. */
  private fallback(turn: Turn): void {
    const n = Number(turn.vars._fallbacks ?? 0);
    const stages = ENGINE_TARGETS.fallback;
    const target = stages[Math.min(n, stages.length - 1)]!;
    this.leave(turn);
    this.run(turn, this.resolve('fallback', target));
    turn.vars._fallbacks = n + 1;
  }

  // ---- steps ---------------------------------------------------------------------------------------------------

  /**
   * The option a typed text picks: its number, title or synonyms (exact, or contained), then a yes/no or a sex.
   * A question only picks by an exact title ("đóng rồi có rút được không" is no "không"); a message carrying
   * details picks by a leading yes/no, never by a word inside it ("tôi ở phường Ba Đình" is no consent).
   */
  private matchOption(step: ChooseStep | AskStep, text: string, explicitOnly = false, carries?: 'question' | 'details'): Option | undefined {
    const options = step.options ?? [];
    const typed = fold(text);
    if (!typed) return undefined;
    if (carries) {
      const exact = options.find((o) => [this.t(o.title), ...(o.match ?? [])].map(fold).includes(typed));
      if (exact || carries === 'question') return exact;
      const yn = parseYesNo(text);
      return yn ? options.find((o) => o.value === yn) : undefined;
    }
    if (!explicitOnly && /^\d{1,2}$/.test(typed)) {
      const byNumber = options[Number(typed) - 1];
      if (byNumber) return byNumber;
    }
    let best: { option: Option; score: number } | undefined;
    for (const option of options) {
      const phrases = [this.t(option.title), ...(option.match ?? []), ...(explicitOnly ? [] : [option.value])].map(fold).filter(Boolean);
      for (const phrase of phrases) {
        const exact = typed === phrase;
        const inside = !exact && (` ${typed} `.includes(` ${phrase} `) || (phrase.length >= 6 && ` ${phrase} `.includes(` ${typed} `) && typed.length >= 4));
        if (exact || inside) {
          const score = (exact ? 1000 : 0) + phrase.length;
          if (!best || score > best.score) best = { option, score };
        }
      }
    }
    if (best) return best.option;
    if (explicitOnly) return undefined;
    const values = new Set(options.map((o) => o.value));
    const yn = parseYesNo(text);
    if (yn && values.has(yn)) return options.find((o) => o.value === yn);
    const sex = parseSex(text);
    if (sex && values.has(sex)) return options.find((o) => o.value === sex);
    return undefined;
  }

  private pick(turn: Turn, step: ChooseStep | AskStep, option: Option): void {
    turn.understood();
    if (step.type === 'ask' && !option.next) {
      // A suggestion button: read its value as the typed answer.
      const out = parseAnswer(step.kind, option.value, turn.now);
      if (out.ok === true) {
        if (option.set) turn.set(option.set);
        return this.accept(turn, step, out.value);
      }
      return this.fail(turn, step);
    }
    if (step.type === 'choose' && step.var) {
      turn.set({ [step.var]: coerce(option.value) });
      turn.know([step.var]);
    }
    if (option.set) turn.set(option.set);
    turn.failures = 0;
    turn.resumeTo = undefined;
    const from = turn.position!.flow;
    const target = option.next ? this.resolve(from, option.next) : this.after(from, step);
    // Going back in the same flow ("tính lại", "sửa") asks its questions again.
    if (target !== 'end' && target.flow === from && this.indexOf(target) <= this.indexOf(turn.position!)) {
      turn.set({ [KNOWN_VAR]: undefined, [SHOWN_VAR]: undefined });
    }
    this.run(turn, target);
  }

  private indexOf(p: Position): number {
    return this.flows.flows.get(p.flow)?.steps.findIndex((s) => s.id === p.step) ?? -1;
  }

  private accept(turn: Turn, step: AskStep, value: unknown): void {
    turn.understood();
    turn.set({ [step.var]: value });
    turn.know([step.var]);
    turn.failures = 0;
    turn.resumeTo = undefined;
    this.run(turn, this.after(turn.position!.flow, step));
  }

  private fail(turn: Turn, step: AskStep | ChooseStep | ConfirmStep, reason?: string): void {
    turn.failures += 1;
    const key = step.type === 'ask' ? (reason ? `reask.${reason}` : (step.retry ?? `reask.${step.kind}`)) : 'reask.choose';
    turn.say(key, this.choicesOf(step));
    if (step.type === 'ask' && step.request === 'location') turn.messages.push({ kind: 'request_location', text: this.t('engine.share_location') });
    if (turn.failures >= 2) {
      turn.say('engine.way_out', [
        { title: this.t('engine.to_human'), payload: '#intent:human' },
        { title: this.t('engine.to_menu'), payload: '#intent:menu' },
      ]);
    }
  }

  private offerPlaces(turn: Turn, step: AskStep, candidates: PlaceCandidate[]): void {
    turn.set({ _candidates: candidates });
    turn.say('engine.place_which', [
      ...candidates.map((c, i) => ({ title: c.label, payload: `#place:${i}` })),
      { title: this.t('engine.place_none'), payload: '#place:none' },
    ]);
    void step;
  }

  private choicesOf(step: AskStep | ChooseStep | ConfirmStep): Choice[] | undefined {
    if (step.type === 'confirm') {
      return [{ title: this.t('engine.btn_right'), payload: '#choice:yes' }, { title: this.t('engine.btn_edit'), payload: '#choice:edit' }];
    }
    return step.options?.map((o) => ({ title: this.t(o.title), payload: `#choice:${o.value}` }));
  }

  /** Asks the current question again (after a FAQ answer, an attachment), or shows the menu at rest. */
  private reprompt(turn: Turn): void {
    const step = turn.step();
    if (step && (step.type === 'ask' || step.type === 'choose' || step.type === 'confirm')) return this.prompt(turn, step);
    this.leave(turn);
    this.run(turn, this.resolve('welcome', ENGINE_TARGETS.menu));
  }

  private prompt(turn: Turn, step: AskStep | ChooseStep | ConfirmStep): void {
    if (step.type === 'confirm') {
      turn.say(step.text ?? 'engine.confirm_known', this.choicesOf(step), { known: knownLine(turn.vars, step.vars, this.t) });
      return;
    }
    const keys = [step.text].flat();
    keys.forEach((k, i) => turn.say(k, i === keys.length - 1 ? this.choicesOf(step) : undefined));
    if (step.type === 'ask' && step.request === 'contact') {
      // Only Zalo's card sends a Zalo number; Messenger's quick reply sends the phone number of the account.
      const subtitle = turn.event.channel === 'messenger' ? 'engine.contact_card_subtitle_messenger' : 'engine.contact_card_subtitle';
      turn.messages.push({ kind: 'request_contact', title: this.t('engine.contact_card_title'), subtitle: this.t(subtitle) });
    }
    if (step.type === 'ask' && step.request === 'location') {
      turn.messages.push({ kind: 'request_location', text: this.t('engine.share_location') });
    }
  }

  private after(flow: string, step: Step): Resolved {
    const f = this.flows.flows.get(flow)!;
    return 'next' in step && step.next ? this.resolve(flow, step.next) : following(f, step.id);
  }

  private holds(vars: Vars, c: Condition): boolean {
    const v = vars[c.var];
    if (c.exists !== undefined) return (v !== undefined && v !== null) === c.exists;
    if (c.equals !== undefined) return v === c.equals || String(v) === String(c.equals);
    if (c.in !== undefined) return c.in.some((x) => x === v || String(x) === String(v));
    return Boolean(v);
  }

  /** Runs a compute step's action and applies what it returns. The action sees this turn's typed text, if any. */
  private act(turn: Turn, action: Action, args: Record<string, string | number | boolean> = {}): ReturnType<Action['run']> {
    const text = turn.event.kind === 'text' ? turn.event.text : undefined;
    // The action's texts get today's policy figures ({{p_min_years}}…) like any step's.
    const t: Translate = (key, vars) => this.t(key, { ...policyVars(turn.now, this.t), ...vars });
    const r = action.run({ vars: turn.vars, args, now: turn.now, t, channel: turn.event.channel, ...(text !== undefined ? { text } : {}) });
    if (r.clearVars) turn.vars = {};
    if (r.vars) turn.set(r.vars);
    if (r.messages) turn.messages.push(...r.messages);
    if (r.events) turn.events.push(...r.events);
    return r;
  }

  /**
   * A topic's answer in the middle of a flow: its text, or for a computed topic (explain.yaml: a compute step that
   * works out "how much if I withdraw…") the action's answer, else the text of the step after it.
   */
  private sayTopic(turn: Turn, at: Position): void {
    let topic = this.step(at);
    if (topic?.type === 'compute') {
      const action = this.actions[topic.action];
      if (action && this.act(turn, action, topic.args).messages?.length) return;
      const next = this.after(at.flow, topic);
      topic = next === 'end' ? undefined : this.step(next);
    }
    if (topic && 'text' in topic && topic.text !== undefined) for (const k of [topic.text].flat()) turn.say(k);
  }

  /** Runs steps from `from` until one waits for the user, hands off or ends. */
  private run(turn: Turn, from: Resolved): void {
    let at: Resolved = from;
    for (let i = 0; i < MAX_STEPS_PER_TURN; i++) {
      if (at === 'end') {
        turn.position = undefined;
        return;
      }
      const step = this.step(at);
      if (!step) throw new Error(`step ${at.flow}.${at.step} does not exist`);
      turn.position = at;
      const flow = at.flow;
      switch (step.type) {
        case 'say':
          for (const k of [step.text].flat()) turn.say(k);
          at = this.after(flow, step);
          break;
        case 'ask':
        case 'choose': {
          // A question whose answer is already known (said, answered or confirmed) is not asked again.
          const v = step.var;
          if (v !== undefined && turn.vars[v] !== undefined && knownSet(turn.vars).has(v)) {
            if (step.type === 'ask') {
              at = this.after(flow, step);
              break;
            }
            const option = step.options.find((o) => o.value === String(turn.vars[v]));
            if (option) {
              if (option.set) turn.set(option.set);
              at = option.next ? this.resolve(flow, option.next) : this.after(flow, step);
              break;
            }
          }
          turn.failures = 0;
          this.prompt(turn, step);
          return;
        }
        case 'confirm': {
          const present = step.vars.filter((n) => turn.vars[n] !== undefined && turn.vars[n] !== null);
          const shown = shownSet(turn.vars);
          if (present.length === 0 || present.every((n) => shown.has(n)) || !knownLine(turn.vars, present, this.t)) {
            turn.know(present);
            at = this.after(flow, step);
            break;
          }
          if (step.wait === false) {
            turn.say(step.text ?? 'engine.noted', undefined, { known: knownLine(turn.vars, present, this.t) });
            turn.know(present);
            turn.show(present);
            at = this.after(flow, step);
            break;
          }
          turn.failures = 0;
          this.prompt(turn, step);
          return;
        }
        case 'compute': {
          const action = this.actions[step.action];
          if (!action) throw new Error(`unknown action ${step.action}`);
          const r = this.act(turn, action, step.args);
          const on = r.outcome !== undefined ? step.on?.[r.outcome] : undefined;
          at = on ? this.resolve(flow, on) : this.after(flow, step);
          break;
        }
        case 'branch': {
          const hit = step.cases.find((c) => this.holds(turn.vars, c.when));
          at = hit ? this.resolve(flow, hit.next) : step.else ? this.resolve(flow, step.else) : this.after(flow, step);
          break;
        }
        case 'goto':
          at = this.resolve(flow, step.goto);
          break;
        case 'handoff':
          for (const k of [step.text].flat()) turn.say(k);
          turn.events.push({ type: 'human_requested' });
          turn.position = undefined;
          turn.resumeTo = undefined;
          return;
      }
    }
    throw new Error(`flow loop: more than ${MAX_STEPS_PER_TURN} steps in one turn from ${JSON.stringify(from)}`);
  }
}
