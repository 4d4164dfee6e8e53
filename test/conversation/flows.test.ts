import { describe, expect, it } from 'vitest';
import { createFlowEngine } from '../../src/conversation/index.ts';
import type { LeadDraft } from '../../src/conversation/types.ts';
import { Driver, NOW, start } from './helpers.ts';

const engine = createFlowEngine();
const d = () => new Driver(engine);

describe('the shipped flows', () => {
  it('welcome on follow: who we are, never OTP or passwords, the menu', () => {
    const x = d().send(start());
    expect(x.texts()[0]).toMatch(/trợ lý tự động/);
    expect(x.texts()[0]).toMatch(/OTP/);
    expect(x.buttons()).toEqual(['#choice:explain', '#choice:contribution', '#choice:pension', '#choice:lead', '#choice:human']);
  });

  it('contribution estimate with the working shown, with and without diacritics', () => {
    for (const [income, group, period] of [['thu nhập 5 triệu', 'không thuộc nhóm nào', 'hằng tháng'], ['thu nhap 5tr', 'khong', 'hang thang']] as const) {
      const x = d().send(start()).say(income);
      expect(x.texts()).toEqual(['Mức thu nhập 5.000.000 đ/tháng, đúng không ạ?']);
      x.say('đúng').say(group).tap('skip').say(period);
      expect(x.texts()[0]).toContain('5.000.000 × 22 % = 1.100.000 đ; Nhà nước hỗ trợ 66.000 đ; bạn đóng 1.034.000 đ/tháng.');
      expect(x.texts()[0]).toContain('23/11/2026');
      expect(x.events).toEqual([{ type: 'estimate_shown', kind: 'contribution' }]);
      expect(x.session!.vars).toMatchObject({ income: 5_000_000, group: 'other', period: 1 });
    }
  });

  it('income below the floor is explained and raised; near-poor every 3 months', () => {
    const x = d().send(start()).tap('contribution').say('1 triệu');
    expect(x.texts()[0]).toMatch(/thấp hơn mức thấp nhất.*1\.500\.000 đ/);
    x.tap('yes').tap('near_poor').tap('skip').tap('3');
    expect(x.texts()[0]).toContain('1.500.000 × 22 % = 330.000 đ; Nhà nước hỗ trợ 132.000 đ; bạn đóng 198.000 đ/tháng.');
    expect(x.texts()[0]).toContain('Đóng 3 tháng một lần: 594.000 đ.');
  });

  it('pension estimate: retirement month, rate and amount; short of 15 years says what to do', () => {
    const x = d().send(start()).tap('pension').tap('female').say('3/1975').say('chưa').say('3tr');
    expect(x.texts()[0]).toMatch(/nghỉ hưu \(\d+ tuổi( \d+ tháng)?\) vào tháng \d\d\/\d{4}\./);
    expect(x.texts()[0]).toMatch(/còn thiếu/);
    expect(x.events).toEqual([{ type: 'estimate_shown', kind: 'pension' }]);
    // 10 years paid, none of them in a company; joined later than 2021 (asked: it could give the pension at 60).
    const y = d().send(start()).tap('pension').say('nam').say('1990').say('10 năm').tap('0').tap('no').say('5tr');
    expect(y.texts()[0]).toMatch(/tỷ lệ hưởng \d+(,\d)? %\. Lương hưu khoảng [\d.]+ đ\/tháng, nhận từ tháng \d\d\/\d{4}/);
  });

  it('short of 15 years: the options include the social pension, at 70 for a near-poor household', () => {
    const x = d().send(start()).tap('pension').tap('male').say('1968').say('0').say('2tr');
    expect(x.texts()[0]).toMatch(/còn thiếu [\s\S]*Nhận BHXH một lần: khoảng [\d.]+ đ[\s\S]*từ 75 tuổi \(tháng 01\/2043\) bạn được nhận trợ cấp hưu trí xã hội 500\.000 đ\/tháng\./);
    const y = d().send(start()).tap('contribution').say('2 triệu').tap('yes').tap('near_poor').tap('skip').tap('1').tap('pension').tap('male').say('1968').say('0').tap('yes');
    expect(y.texts()[0]).toContain('từ 70 tuổi (tháng 01/2038) bạn được nhận trợ cấp hưu trí xã hội 500.000 đ/tháng');
    // Enough years: a pension, so no social pension offered.
    const z = d().send(start()).tap('pension').say('nam').say('1990').say('10 năm').tap('0').tap('no').say('5tr');
    expect(z.texts().join('\n')).not.toContain('hưu trí xã hội');
  });

  it('pension again: the income typed in the pension flow is offered back, formatted', () => {
    const x = d().send(start()).tap('pension').tap('male').say('1980').say('0').say('4tr').tap('again').tap('female').say('1982').say('2 năm').tap('0');
    expect(x.texts()).toEqual(['Tính với mức thu nhập 4.000.000 đ/tháng như lúc nãy nhé?']);
  });

  it('global intents from any step: FAQ answered then the question asked again', () => {
    const x = d().send(start()).tap('contribution');
    x.say('được nhà nước hỗ trợ bao nhiêu');
    expect(x.texts()[0]).toMatch(/Nhà nước hỗ trợ mỗi tháng/);
    expect(x.texts().at(-1)).toMatch(/mức thu nhập bao nhiêu/);
    expect(x.at()).toBe('contribution.income');
    x.say('5tr');
    expect(x.at()).toBe('contribution.confirm_income');
  });

  it('menu, restart, stop from the middle of a flow', () => {
    expect(d().send(start()).tap('pension').say('menu').at()).toBe('welcome.menu');
    const r = d().send(start()).say('5tr').say('bắt đầu lại');
    expect(r.session!.vars).toEqual({});
    expect(r.at()).toBe('welcome.menu');
    const s = d().send(start()).tap('pension').say('stop');
    expect(s.session!.position).toBeUndefined();
  });

  it('human: says the request is passed on and emits human_requested (who answers and when: src/handoff)', () => {
    const x = d().send(start()).tap('contribution').say('gặp nhân viên');
    expect(x.events).toEqual([{ type: 'human_requested' }]);
    expect(x.texts().join('\n')).toMatch(/yêu cầu gặp nhân viên/);
    expect(x.session!.position).toBeUndefined();
  });

  it('delete my data asks once, then emits data_deletion_requested', () => {
    const x = d().send(start()).say('5tr').say('xóa dữ liệu của tôi');
    expect(x.events).toEqual([]);
    x.tap('yes');
    expect(x.events).toEqual([{ type: 'data_deletion_requested' }]);
    expect(x.session!.vars).toEqual({});
  });

  it('fallback: clarify with buttons, then the menu, then the offer of a person', () => {
    const x = d().send(start()).say('asdfgh');
    expect(x.at()).toBe('fallback.clarify');
    x.say('qwerty');
    expect(x.at()).toBe('fallback.menu');
    x.say('zxcvb');
    expect(x.at()).toBe('fallback.offer_human');
    x.tap('human');
    expect(x.events).toEqual([{ type: 'human_requested' }]);
  });

  it('lead: consent, name, phone, ambiguous commune → buttons, confirm → lead_submitted with the estimate seen', () => {
    const x = d().send(start()).say('5tr').tap('yes').tap('other').tap('skip').tap('1').tap('lead');
    expect(x.texts().join('\n')).toMatch(/phiên bản 2026-11-v1/);
    x.tap('yes');
    expect(x.messages.map((m) => m.kind)).toEqual(['text', 'request_contact']);
    x.say('Nguyễn Thị Lan').say('0912 345 678').say('Tân Phú');
    expect(x.buttons()[0]).toBe('#place:0');
    x.tap('#place:2');
    expect(x.texts()[0]).toMatch(/Nguyễn Thị Lan[\s\S]*0912 345 678[\s\S]*Tân Phú/);
    x.tap('yes');
    const lead = (x.events[0] as { type: 'lead_submitted'; lead: LeadDraft }).lead;
    expect(lead).toMatchObject({
      consent: { version: '2026-11-v1', at: NOW.toISOString() },
      name: 'Nguyễn Thị Lan',
      phone: '+84912345678',
      location: { kind: 'place' },
      estimate: { kind: 'contribution', income: 5_000_000, monthlyNet: 1_034_000 },
    });
    expect(x.session!.position).toBeUndefined();
    // Handed over: the session keeps no contact details.
    expect(Object.keys(x.session!.vars).filter((k) => ['name', 'phone', 'location', 'consent'].includes(k))).toEqual([]);
  });

  it('lead: the Zalo contact card fills name and phone; a shared location is a point', () => {
    const x = d().send(start()).tap('lead').tap('yes');
    x.send({ channel: 'zalo', userId: 'u1', eventId: 'c1', timestamp: 0, kind: 'contact', name: 'Trần Văn Bình', phone: '84987654321' });
    expect(x.at()).toBe('lead.location');
    x.send({ channel: 'zalo', userId: 'u1', eventId: 'l1', timestamp: 0, kind: 'location', latitude: 21.03, longitude: 105.85 });
    x.tap('yes');
    expect(x.events[0]).toMatchObject({ type: 'lead_submitted', lead: { name: 'Trần Văn Bình', phone: '+84987654321', location: { kind: 'point', latitude: 21.03 } } });
  });

  it('lead: a phone-only contact (Messenger quick reply) at the name step is kept and the name asked again', () => {
    const x = d().send(start()).tap('lead').tap('yes');
    x.send({ channel: 'messenger', userId: 'u1', eventId: 'c2', timestamp: 0, kind: 'contact', phone: '+84912345678' });
    expect(x.at()).toBe('lead.name');
    expect(x.session!.vars.phone).toBe('+84912345678');
    x.say('Phạm Thu Hà');
    expect(x.at()).toBe('lead.location');
  });

  it('lead: "Đồng ý" tapped again, typed, or without diacritics at the name question is not a name: asked again', () => {
    const x = d().send(start()).tap('lead').tap('yes');
    expect(x.at()).toBe('lead.name');
    x.send({ channel: 'messenger', userId: 'u1', eventId: 'again', timestamp: 0, kind: 'payload', payload: '#choice:yes', title: 'Đồng ý' });
    expect(x.at()).toBe('lead.name');
    for (const answer of ['Đồng ý', 'dong y', 'vâng ạ', 'ok', 'Gửi', '12345']) {
      x.say(answer);
      expect(x.at(), answer).toBe('lead.name');
      expect(x.session!.vars.name, answer).toBeUndefined();
    }
    x.say('Nguyễn Văn Được');
    expect(x.at()).toBe('lead.phone');
    expect(x.session!.vars.name).toBe('Nguyễn Văn Được');
  });

  it('lead: declining consent sends nothing', () => {
    const x = d().send(start()).tap('lead').tap('no');
    expect(x.events).toEqual([]);
    expect(x.session!.vars.consent).toBeUndefined();
    expect(x.at()).toBe('welcome.menu');
  });
});

describe('computed answers inside the topics (issue 12)', () => {
  const now = new Date('2026-12-03T03:00:00Z');
  const at = () => new Driver(engine, now);

  it('"đóng được 500 nghìn": the income that costs that much, then the usual estimate', () => {
    const x = at().send(start()).say('tôi đóng được 500 nghìn mỗi tháng, tính giúp mức đóng');
    // (500.000 + 66.000 support) / 22 % = 2.572.727 → 2.572.000 to the thousand below.
    expect(x.texts()[0]).toContain('Với 500.000 đ mỗi tháng, bạn chọn được mức thu nhập khoảng 2.572.000 đ');
    expect(x.session!.vars).toMatchObject({ income: 2_572_000, contribution_target: 500_000 });
  });

  it('documents, where to pay, VssID, minimum pension and pension increases get plain answers, with the rule date', () => {
    expect(at().send(start()).say('đăng ký cần giấy tờ gì').texts().join('\n')).toContain('căn cước');
    expect(at().send(start()).say('đóng qua vssid được không').texts()[0]).toContain('ứng dụng chính thức của BHXH Việt Nam');
    const min = at().send(start()).say('lương hưu tối thiểu là bao nhiêu').texts()[0]!;
    expect(min).toContain('không có mức tối thiểu');
    expect(min).toContain('Quy định áp dụng từ 01/07/2025');
    expect(at().send(start()).say('lương hưu có được tăng không').texts()[0]).toContain('tăng 8 % từ 01/07/2026');
  });

  it('the hotline is given as a number and the bot stays on (no handoff)', () => {
    const x = at().send(start()).say('số tổng đài là gì');
    expect(x.texts()[0]).toContain('1900 9068');
    expect(x.events).toEqual([]);
    expect(x.at()).toBe('explain.answered');
  });

  it('paying 5 years ahead: the discounted amount with the assumed rate named', () => {
    const x = at().send(start()).say('đóng trước 5 năm mức 3 triệu hết bao nhiêu');
    expect(x.texts()[0]).toMatch(/Đóng trước 60 tháng một lần với mức thu nhập 3\.000\.000 đ: khoảng [\d.]+ đ/);
    expect(x.texts().join('\n')).toContain('r = 0,31 %/tháng là số tạm tính');
  });

  it('paying back missed years: not possible, except the missing months at retirement age, priced', () => {
    for (const q of ['tôi nghỉ đóng 2 năm giờ đóng bù được không', 'thiếu 3 năm thì đóng bù bao nhiêu']) {
      const x = at().send(start()).say(q);
      expect(x.texts()[0]).toContain('Những tháng đã nghỉ không đóng bù được');
      expect(x.texts()[0]).toMatch(/Ví dụ: thiếu (24|36) tháng, mức thu nhập 1\.500\.000 đ: đóng một lần khoảng [\d.]+ đ/);
    }
  });

  it('mid-flow, a computed topic answers too, then the question is asked again', () => {
    const x = at().send(start()).tap('contribution').say('5tr').tap('yes');
    x.say('rút bhxh một lần sau 8 năm mức 3 triệu được bao nhiêu');
    expect(x.texts()[0]).toContain('41.664.000 đ');
    expect(x.at()).toBe('contribution.group');
  });
});
