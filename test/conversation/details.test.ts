/**
 * Details said anywhere are used by the shipped flows: a known answer is not asked again, it is shown back in one
 * line; at a step, a place or a question is never consent or a choice; short forms and corrections work at buttons.
 */
import { describe, expect, it } from 'vitest';
import { createFlowEngine, loadFlows } from '../../src/conversation/index.ts';
import { Driver } from './helpers.ts';

const engine = createFlowEngine();
const { i18n } = loadFlows();
const drive = () => new Driver(engine);
const said = (d: Driver, key: string) => d.texts().some((t) => t === i18n.t(key) || t.startsWith(i18n.t(key).split('{{')[0]!));

describe('details said anywhere', () => {
  it('answers "when do I retire" for the person who says their birth, sex and years in the question', () => {
    const d = drive().say('Chị sinh 7/1970, đóng tự nguyện 6 năm rồi, bao giờ chị được nghỉ hưu?');
    expect(d.at()).toBe('retirement.next');
    expect(d.texts().join('\n')).toContain('nữ, sinh 07/1970, đã đóng 6 năm');
    expect(d.session!.vars).toMatchObject({ sex: 'female', birth: '1970-07', paid_months: 72 });
  });

  it('reads a birth typed right after the general retirement-age answer as that question, for that person', () => {
    const d = drive().say('tuổi nghỉ hưu là bao nhiêu').say('4/1971');
    expect(d.at()).toBe('retirement.sex');
    d.tap('male');
    expect(d.at()).toBe('retirement.next');
  });

  it('stores details typed at a button step and asks only what is still missing', () => {
    const d = drive().say('ước tính lương hưu');
    expect(d.at()).toBe('pension.sex');
    d.say('em sinh năm 1985 đóng được 4 năm rồi');
    expect(d.at()).toBe('pension.sex');
    expect(said(d, 'engine.noted')).toBe(true);
    d.tap('female');
    expect(d.session!.vars).toMatchObject({ birth: '1985', paid_months: 48, sex: 'female' });
    expect(d.at()).not.toBe('pension.birth');
    expect(d.at()).not.toBe('pension.paid');
  });

  it('shows what is known in one line before a flow, and asks again after "Sửa"', () => {
    // Said in passing while answering the income: stored, not yet shown back.
    const before = () => drive().say('tính mức đóng').say('thu nhập 5 triệu, tôi nam sinh 1975').say('menu').tap('#choice:pension');
    const d = before();
    expect(d.at()).toBe('pension.known');
    expect(d.texts().join('\n')).toContain('nam, sinh năm 1975');
    d.tap('yes');
    expect(d.at()).toBe('pension.paid');
    expect(before().tap('edit').at()).toBe('pension.sex');
  });
});

describe('details at rest', () => {
  it('takes what the user can pay as a contribution and starts the estimate from it, not as an income', () => {
    const d = drive().say('tôi chỉ đóng được 1 triệu');
    expect(d.session!.vars.contribution_target).toBe(1_000_000);
    expect(d.at()).toBe('contribution.confirm_income');
    expect(d.session!.vars.income).not.toBe(1_000_000);
  });

  it('reads years at a company as years paid, not as a "thank you"', () => {
    const d = drive().say('đi làm công ty 12 năm');
    expect(d.session!.vars).toMatchObject({ paid_months: 144, compulsory_months: 144 });
    expect(d.at()).toBe('pension.known');
    expect(d.texts().join('\n')).toContain('đã đóng bắt buộc 12 năm');
  });
});

describe('answers at a step', () => {
  const atGroup = () => drive().say('tính mức đóng').say('4 triệu').tap('yes');

  it('never takes a place for consent', () => {
    for (const text of ['tôi ở phường Ba Đình Hà Nội', 'toi o phuong ba dinh ha noi']) {
      const d = drive().say('gặp cán bộ thu');
      expect(d.at()).toBe('lead.consent');
      d.say(text);
      expect(d.at()).toBe('lead.consent');
      expect(d.session!.vars.consent).toBeUndefined();
    }
  });

  it('reads short forms at buttons', () => {
    expect(atGroup().at()).toBe('contribution.group');
    expect(atGroup().say('ko').session!.vars.group).toBe('other');
    expect(atGroup().say('hông').session!.vars.group).toBe('other');
    for (const yes of ['dc', 'đc', 'uh', 'ừ', 'ok']) {
      const d = drive().say('tính mức đóng').say('4 triệu');
      expect(d.at()).toBe('contribution.confirm_income');
      d.say(yes);
      expect(d.at(), yes).not.toBe('contribution.confirm_income');
    }
  });

  it('answers a question containing "không" instead of taking it as the choice "không"', () => {
    const d = atGroup().say('đóng rồi có rút được không');
    expect(d.session!.vars.group).toBeUndefined();
    expect(d.at()).toBe('contribution.group');
  });

  it('takes the value of a correction ("không phải, 3 triệu thôi")', () => {
    const d = drive().say('tính mức đóng').say('5 triệu').say('ko phai, 3 trieu thoi');
    expect(d.session!.vars.income).toBe(3_000_000);
    expect(d.at()).toBe('contribution.confirm_income');
  });

  it('asks for a month when the income is per day, and for an average when it is irregular', () => {
    const d = drive().say('tính mức đóng').say('150k/ngay');
    expect(d.at()).toBe('contribution.income');
    expect(said(d, 'reask.money_period')).toBe(true);
    expect(d.say('ko on dinh').session!.vars.income).toBeUndefined();
    expect(said(d, 'reask.money_none')).toBe(true);
    expect(d.say('50 trieu 1 nam').session!.vars.income).toBe(4_166_667);
  });
});
