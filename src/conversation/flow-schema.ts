import { z } from 'zod';

/**
 * The shape of conversations/*.yaml, edited by office staff. One file holds one flow: an ordered list of steps;
 * a step without `next` continues with the step below it. Texts are i18n keys (locales/vi/*.json), never
 * sentences, so wording changes need no code and `npm run flows:check` can prove every key exists.
 *
 * Targets (`next`, option `next`, `goto`): `step` in the same flow, `@flow` (its first step), `@flow.step`,
 * or `@end` (the conversation rests until the user writes again).
 */

const id = z.string().regex(/^[a-z][a-z0-9_]*$/, 'lower-case letters, digits and _ only, starting with a letter');
const target = z.string().regex(/^(@end|@[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?|[a-z][a-z0-9_]*)$/, 'a step id, @flow, @flow.step or @end');
const textKey = z.string().regex(/^[a-zA-Z0-9_.:-]+$/, 'an i18n key such as contribution.ask_income');
/** One key or several, sent as separate messages. */
const texts = z.union([textKey, z.array(textKey).min(1)]);

export const PARSER_KINDS = ['money', 'birth', 'paid_months', 'phone', 'yes_no', 'sex', 'place', 'name', 'free'] as const;
export type ParserKind = (typeof PARSER_KINDS)[number];

const scalar = z.union([z.string(), z.number(), z.boolean()]);

export const optionSchema = z
  .object({
    /** Sent back as the payload `#choice:<value>`; stored in the step's `var`. No spaces. */
    value: z.string().regex(/^[^\s]+$/, 'no spaces'),
    /** i18n key of the button title (keep the text ≤ 20 characters: Messenger cuts longer quick replies). */
    title: textKey,
    /** Typed words that also pick this option (with or without diacritics). */
    match: z.array(z.string().min(1)).optional(),
    next: target.optional(),
    /** Extra variables to set when picked. */
    set: z.record(z.string(), scalar).optional(),
  })
  .strict();

const base = {
  id,
  /** Where to go after this step; default: the next step in the list. */
  next: target.optional(),
};

export const sayStep = z.object({ ...base, type: z.literal('say'), text: texts }).strict();

export const askStep = z
  .object({
    ...base,
    type: z.literal('ask'),
    kind: z.enum(PARSER_KINDS),
    text: texts,
    /** Said after an answer that could not be read; defaults to `reask.<kind>`. */
    retry: textKey.optional(),
    /** Variable the parsed answer goes to. */
    var: id,
    /** Shortcut buttons: an option with `next` goes there; one without is read as if typed (its value). */
    options: z.array(optionSchema).max(13).optional(),
    /** Also send the platform's card: Zalo contact card, location pin request. */
    request: z.enum(['contact', 'location']).optional(),
  })
  .strict();

export const chooseStep = z
  .object({
    ...base,
    type: z.literal('choose'),
    text: texts,
    var: id.optional(),
    options: z.array(optionSchema).min(1).max(13),
  })
  .strict();

export const computeStep = z
  .object({
    ...base,
    type: z.literal('compute'),
    /** A named action in src/conversation/actions.ts. */
    action: id,
    args: z.record(z.string(), scalar).optional(),
    /** Outcome of the action → target (e.g. `error: income`). */
    on: z.record(z.string(), target).optional(),
  })
  .strict();

export const conditionSchema = z
  .object({
    var: id,
    equals: scalar.optional(),
    in: z.array(scalar).optional(),
    exists: z.boolean().optional(),
  })
  .strict();
export type Condition = z.infer<typeof conditionSchema>;

export const branchStep = z
  .object({
    ...base,
    type: z.literal('branch'),
    cases: z.array(z.object({ when: conditionSchema, next: target }).strict()).min(1),
    else: target.optional(),
  })
  .strict();

export const gotoStep = z.object({ id, type: z.literal('goto'), goto: target }).strict();

export const handoffStep = z
  .object({
    id,
    type: z.literal('handoff'),
    /** Said before the bot goes quiet for the user (staff answer from the OA/Page inbox). */
    text: texts,
  })
  .strict();

/**
 * Shows back in one line what the user already said (`Mình hiểu: nam, sinh 03/1966, đã đóng 9 năm — đúng không ạ?`)
 * with the buttons "Đúng rồi" / "Sửa". Confirmed variables are not asked again by the ask/choose steps that follow;
 * "Sửa" (or "không") goes to `edit` (default: the next step) and those steps ask as usual. Nothing known: the step is
 * passed silently. `wait: false` says the line (`engine.noted`) and goes on without waiting.
 */
export const confirmStep = z
  .object({
    ...base,
    type: z.literal('confirm'),
    /** Session variables to show back when known, in this order (sex, birth, paid_months, income, group …). */
    vars: z.array(id).min(1),
    /** i18n key with `{{known}}`; default `engine.confirm_known` (or `engine.noted` when not waiting). */
    text: textKey.optional(),
    /** Where "Sửa" goes; default: the next step. */
    edit: target.optional(),
    wait: z.boolean().optional(),
  })
  .strict();

export const stepSchema = z.discriminatedUnion('type', [sayStep, askStep, chooseStep, confirmStep, computeStep, branchStep, gotoStep, handoffStep]);
export type ConfirmStep = z.infer<typeof confirmStep>;
export type Step = z.infer<typeof stepSchema>;
export type AskStep = z.infer<typeof askStep>;
export type ChooseStep = z.infer<typeof chooseStep>;
export type Option = z.infer<typeof optionSchema>;

export const flowSchema = z
  .object({
    flow: id,
    description: z.string().optional(),
    /** Free space for YAML anchors (`&after`) reused by several steps; not read by the engine. */
    shared: z.unknown().optional(),
    steps: z.array(stepSchema).min(1),
  })
  .strict();
export type Flow = z.infer<typeof flowSchema>;

/** JSON Schema for editors (conversations/flow.schema.json). */
export function flowJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(flowSchema, { target: 'draft-7' }) as Record<string, unknown>;
}
