/**
 * The engine's routing of what the understanding layer read (issue 11): several questions answered in order (up to
 * three, saying so), a request to be phoned is a person and not "stop", two close intents asked back as buttons,
 * out of scope said honestly.
 */
import { describe, expect, it } from 'vitest';
import { createFlowEngine } from '../../src/conversation/index.ts';
import { createUnderstander, type IntentClassifier } from '../../src/language/index.ts';
import { Driver, start } from './helpers.ts';

const engine = createFlowEngine();
const d = () => new Driver(engine).send(start());
const indexOf = (texts: string[], re: RegExp): number => texts.findIndex((t) => re.test(t));

describe('several questions in one message', () => {
  it('are answered in order, up to three, and the user is told about the rest', () => {
    const x = d().say('1. thai sản được bao nhiêu 2. tuổi nghỉ hưu bây giờ 3. có thẻ bhyt không 4. tử tuất thế nào');
    const texts = x.texts();
    const told = indexOf(texts, /Bạn hỏi 4 câu.*3 câu đầu/u);
    const maternity = indexOf(texts, /trợ cấp thai sản/u);
    const age = indexOf(texts, /Tuổi nghỉ hưu năm/u);
    expect(told).toBe(0);
    expect(maternity).toBeGreaterThan(told);
    expect(age).toBeGreaterThan(maternity);
    expect(x.at()).toBe('explain.health_card');
    expect(indexOf(texts, /tuất|mai táng/u)).toBe(-1);
  });

  it('in the middle of a flow: both answers, then the question we were at', () => {
    const x = d().say('5tr');
    expect(x.at()).toBe('contribution.confirm_income');
    x.say('thai sản được bao nhiêu? với lại rút một lần được không');
    const texts = x.texts();
    expect(indexOf(texts, /trợ cấp thai sản/u)).toBeGreaterThanOrEqual(0);
    expect(indexOf(texts, /một lần/u)).toBeGreaterThan(indexOf(texts, /trợ cấp thai sản/u));
    expect(x.at()).toBe('contribution.confirm_income');
  });
});

describe('a request to be phoned', () => {
  it('is a person, not stop, also mid-flow and next to "đừng nhắn nữa"', () => {
    const x = d().tap('contribution');
    expect(x.at()).toBe('contribution.income');
    x.say('đừng nhắn nữa, gọi cho tôi');
    expect(x.events).toContainEqual({ type: 'human_requested' });
    expect(x.texts().join('\n')).not.toMatch(/mình dừng ở đây/u);
  });

  it('"hủy" alone still stops', () => {
    const x = d().tap('contribution').say('hủy');
    expect(x.texts()).toEqual(['Dạ, mình dừng ở đây. Khi cần, bạn nhắn "menu" nhé.']);
    expect(x.session!.position).toBeUndefined();
  });
});

describe('two intents about as likely', () => {
  const close: IntentClassifier = {
    temperature: 1,
    featureCount: 0,
    rank: () => [
      { intent: 'pension', confidence: 0.48 },
      { intent: 'retirement_age', confidence: 0.42 },
      { intent: 'unknown', confidence: 0.1 },
    ],
  };
  const unsure = createFlowEngine({ understander: createUnderstander(close) });

  it('are both offered as buttons; a tap answers the chosen one', () => {
    const x = new Driver(unsure).send(start()).say('hưu thế nào');
    expect(x.texts()).toEqual(['Bạn muốn hỏi về việc nào ạ?']);
    expect(x.buttons()).toEqual(['#intent:pension', '#intent:retirement_age']);
    x.tap('#intent:retirement_age');
    expect(x.texts().join('\n')).toMatch(/Tuổi nghỉ hưu năm/u);
  });
});

describe('out of scope', () => {
  it('says honestly what the bot helps with, then offers the way on', () => {
    const x = d().say('giá vàng hôm nay bao nhiêu');
    expect(x.texts()[0]).toMatch(/không giúp được.*BHXH tự nguyện/u);
    expect(x.buttons().length).toBeGreaterThan(0);
  });
});
