import { afterEach, describe, expect, it } from 'vitest';
import { createI18n } from '../../src/i18n.ts';
import { keys } from '../../src/store/keys.ts';
import { until } from '../support/fakes.ts';
import { startHarness, type Harness } from './harness.ts';

/**
 * The human handoff end to end: simulated users on Zalo and Messenger (signed webhooks through the real route),
 * the staff member's Zalo account and the Page Inbox handover on the fake platforms (nock).
 */

const t = createI18n();
const text = (key: string, vars: Record<string, unknown> = {}) => t.t(key, { hotline: '1900 9068', ...vars });
const LAN = { id: 'lan', zaloUserId: '1000000000000000901', hours: '07:30-17:00' };
const MINH = { id: 'minh', zaloUserId: '1000000000000000902', hours: '07:30-17:00' };
const ZALO_USER = '8415120965517823741';
const PSID = '25173946082715367';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function metric(harness: Harness, name: string): Promise<string> {
  return (await harness.rt.metrics.registry.getSingleMetricAsString(name)).split('\n').filter((l) => !l.startsWith('#')).join('\n');
}

describe('human handoff on Zalo', () => {
  it('"gặp nhân viên" reaches the on-duty staff member on Zalo with the gist; "menu" brings the bot back', async ({ annotate }) => {
    h = await startHarness({ staff: [LAN] });
    await h.zaloText(ZALO_USER, 'thu nhập 5 triệu');
    await h.settle();
    const asked = await h.zaloText(ZALO_USER, 'cho tôi gặp nhân viên');
    const [notice] = await h.waitFor(LAN.zaloUserId, 1);
    // Figure for the report: webhook posted → notice received by the fake Zalo API for the staff member.
    await annotate(`handoff notice latency (Zalo user → staff Zalo): ${notice!.at - asked} ms`);
    expect(notice!.at - asked).toBeLessThan(5_000);
    expect(notice!.text).toContain('Zalo');
    expect(notice!.text).toContain('tính mức đóng');
    expect(notice!.buttons).toEqual([expect.stringMatching(/^#handoff:close:[A-Za-z0-9]{10}$/)]);
    await h.settle();
    const user = h.to(ZALO_USER).map((r) => r.text);
    expect(user).toContain(text('handoff:user.notified', { minutes: 30 }));
    expect(user).toContain(text('handoff:user.paused'));

    // Paused: a question is for the staff member, not the bot.
    const before = h.to(ZALO_USER).length;
    await h.zaloText(ZALO_USER, 'alo có ai không');
    await h.settle();
    expect(h.to(ZALO_USER).length).toBe(before);
    const [open] = await h.tickets.list('open');
    expect(open).toMatchObject({ channel: 'zalo', userId: ZALO_USER, status: 'open', topic: 'contribution', notified: ['lan'], unreachable: [], handedOver: false });
    expect(open!.phone).toBeUndefined();

    await h.zaloText(ZALO_USER, 'menu');
    await h.settle();
    const after = h.to(ZALO_USER).slice(before).map((r) => r.text);
    expect(after[0]).toBe(text('handoff:user.back'));
    expect(after[1]).toBe(t.t('welcome.menu'));
    expect(await h.tickets.list('open')).toEqual([]);
    expect((await h.tickets.list('closed'))[0]).toMatchObject({ id: open!.id, closedBy: 'user' });
    expect(await h.rt.store.get(keys.humanPause('zalo', ZALO_USER))).toBeNull();
    expect(await metric(h, 'bhxh_handoffs_total')).toContain('bhxh_handoffs_total{channel="zalo",outcome="notified"} 1');
    expect(await metric(h, 'bhxh_handoffs_closed_total')).toContain('bhxh_handoffs_closed_total{reason="user"} 1');
  });

  it('the phone reaches staff only when the user consented to be contacted (asked mid lead flow)', async () => {
    h = await startHarness({ staff: [LAN] });
    for (const say of ['gặp cán bộ thu', 'đồng ý', 'Lê Thị Hoa', '0987 654 321']) {
      const n = h.to(ZALO_USER).length;
      await h.zaloText(ZALO_USER, say);
      await h.waitFor(ZALO_USER, n + 1);
      await h.settle();
    }
    await h.zaloText(ZALO_USER, 'thôi cho tôi gặp nhân viên');
    const [notice] = await h.waitFor(LAN.zaloUserId, 1);
    expect(notice!.text).toContain(text('handoff:staff.phone', { phone: '0987 654 321' }));
    expect(notice!.text).toContain(text('handoff:topic.lead'));
  });

  it('"xóa dữ liệu của tôi" is never held back by the pause; the user\'s ticket then forgets who they were', async () => {
    h = await startHarness({ staff: [LAN] });
    await h.zaloText(ZALO_USER, 'gặp nhân viên');
    await h.waitFor(LAN.zaloUserId, 1);
    await h.settle();
    const [open] = await h.tickets.list('open');
    const before = h.to(ZALO_USER).length;
    await h.zaloText(ZALO_USER, 'xóa dữ liệu của tôi');
    const asked = await h.waitFor(ZALO_USER, before + 2);
    expect(asked.slice(before).map((r) => r.text)).toEqual([text('handoff:user.back'), t.t('privacy.confirm')]);
    await h.zaloText(ZALO_USER, asked.at(-1)!.buttons[0]!);
    await h.waitFor(ZALO_USER, before + 3);
    expect(await h.tickets.get(open!.id)).toMatchObject({ status: 'closed', closedBy: 'user', userId: '' });
  });

  it('the console closes the ticket: listed open, then closed by the staff member, and the user is told', async () => {
    h = await startHarness({ staff: [LAN] });
    await h.zaloText(ZALO_USER, 'gặp nhân viên');
    await h.waitFor(LAN.zaloUserId, 1);
    await h.settle();
    const [open] = await h.tickets.list('open');
    expect(h.tickets.topic(open!)).toBe(text('handoff:topic.menu'));
    const before = h.to(ZALO_USER).length;
    expect(await h.tickets.close(open!.id, 'lan')).toMatchObject({ closed: true, ticket: { status: 'closed', closedBy: 'staff', closedByStaff: 'lan' } });
    const told = await h.waitFor(ZALO_USER, before + 1);
    expect(told[before]!.text).toBe(text('handoff:user.closed_staff'));
    expect(await h.tickets.close(open!.id, 'lan')).toMatchObject({ closed: false, ticket: { status: 'closed' } });
    expect(await h.tickets.close('nosuchid00', 'lan')).toEqual({ closed: false, ticket: undefined });
    expect((await h.tickets.list('closed')).map((x) => x.id)).toEqual([open!.id]);
    // The bot answers again.
    await h.zaloText(ZALO_USER, 'thu nhập 5 triệu');
    await h.waitFor(ZALO_USER, before + 2);
  });

  it('the staff member closes it from Zalo with the notice button; the user is told', async () => {
    h = await startHarness({ staff: [LAN] });
    await h.zaloText(ZALO_USER, 'gặp nhân viên');
    const [notice] = await h.waitFor(LAN.zaloUserId, 1);
    await h.settle();
    const before = h.to(ZALO_USER).length;
    const id = notice!.buttons[0]!.split(':')[2]!;
    // Someone not on the roster cannot close tickets: their "button" goes to the bot like any text.
    await h.zaloText('7000000000000000001', notice!.buttons[0]!);
    await h.settle();
    expect((await h.tickets.get(id))!.status).toBe('open');
    // A tapped Zalo button comes back as the staff member sending its payload.
    await h.zaloText(LAN.zaloUserId, notice!.buttons[0]!);
    const staffSaw = await h.waitFor(LAN.zaloUserId, 2);
    expect(staffSaw[1]!.text).toBe(text('handoff:staff.closed', { id }));
    const told = await h.waitFor(ZALO_USER, before + 1);
    expect(told[before]!.text).toBe(text('handoff:user.closed_staff'));
    expect(await h.tickets.get(id)).toMatchObject({ closedBy: 'staff', closedByStaff: 'lan' });
    expect(await metric(h, 'bhxh_handoffs_closed_total')).toContain('reason="staff"} 1');
  });

  it('closes by itself after HUMAN_PAUSE_MINUTES and tells the user', async () => {
    h = await startHarness({ staff: [LAN], pauseSeconds: 1 });
    await h.zaloText(ZALO_USER, 'gặp nhân viên');
    await h.waitFor(LAN.zaloUserId, 1);
    await h.settle();
    const before = h.to(ZALO_USER).length;
    const told = await h.waitFor(ZALO_USER, before + 1);
    expect(told[before]!.text).toBe(text('handoff:user.closed_timeout'));
    expect(told[before]!.buttons).toEqual(['#intent:agent', '#intent:menu']);
    expect((await h.tickets.list('closed'))[0]).toMatchObject({ closedBy: 'timeout' });
    expect(await h.tickets.list('open')).toEqual([]);
  });

  it('a staff member still answering from OA Manager keeps the ticket open until they stop', async () => {
    h = await startHarness({ staff: [LAN], pauseSeconds: 2 });
    await h.zaloText(ZALO_USER, 'gặp nhân viên');
    await h.waitFor(LAN.zaloUserId, 1);
    await new Promise((r) => setTimeout(r, 1_000));
    await h.zaloStaffReply(ZALO_USER);
    // Past the first 2 s: still open, because the staff member wrote 1 s in.
    await new Promise((r) => setTimeout(r, 1_400));
    const [open] = await h.tickets.list('open');
    expect(open).toBeDefined();
    await until(async () => (await h!.tickets.get(open!.id))?.status === 'closed', 5_000);
    expect(await h.tickets.get(open!.id)).toMatchObject({ closedBy: 'timeout' });
  });

  it('an on-duty staff member outside the 7-day window is recorded and counted, not skipped silently', async () => {
    h = await startHarness({ staff: [LAN, { ...MINH, reachable: false }] });
    await h.zaloText(ZALO_USER, 'gặp nhân viên');
    await h.waitFor(LAN.zaloUserId, 1);
    await h.settle();
    expect(h.to(MINH.zaloUserId)).toEqual([]);
    const [open] = await h.tickets.list('open');
    expect(open).toMatchObject({ notified: ['lan'], unreachable: ['minh'] });
    expect(await metric(h, 'bhxh_handoff_staff_unreachable_total')).toContain('bhxh_handoff_staff_unreachable_total 1');
  });

  it('nobody reachable: the user is told plainly, offered a callback, and the bot is not paused', async () => {
    h = await startHarness({ staff: [{ ...LAN, reachable: false }] });
    await h.zaloText(ZALO_USER, 'gặp nhân viên');
    await h.settle();
    const said = h.to(ZALO_USER);
    expect(said.map((r) => r.text)).toContain(text('handoff:user.no_staff'));
    expect(said.at(-1)).toMatchObject({ text: text('handoff:user.callback'), buttons: ['#intent:agent', '#intent:menu'] });
    expect(await h.rt.store.get(keys.humanPause('zalo', ZALO_USER))).toBeNull();
    expect(await metric(h, 'bhxh_handoffs_total')).toContain('outcome="nobody_reachable"} 1');
    await h.zaloText(ZALO_USER, 'thu nhập 5 triệu');
    await h.waitFor(ZALO_USER, said.length + 1);
  });

  it('outside office hours: told when someone answers (from the roster), and the first shift gets the notice when it starts', async () => {
    // Monday 07:29:58 in Hà Nội: the roster starts at 07:30.
    h = await startHarness({ staff: [LAN], now: '2026-11-23T00:29:58Z' });
    await h.zaloText(ZALO_USER, 'gặp nhân viên');
    await h.settle();
    expect(h.to(ZALO_USER).map((r) => r.text)).toContain(text('handoff:user.after_hours', { when: text('handoff:when.today', { time: '7 giờ 30' }) }));
    expect(h.to(LAN.zaloUserId)).toEqual([]);
    const [open] = await h.tickets.list('open');
    expect(open).toMatchObject({ afterHours: true, answerFrom: '2026-11-23T00:30:00.000Z', notified: [] });
    const [notice] = await h.waitFor(LAN.zaloUserId, 1);
    expect(notice!.text).toContain(text('handoff:staff.after_hours', { when: text('handoff:when.today', { time: '7 giờ 29' }) }));
    expect((await h.tickets.get(open!.id))!.notified).toEqual(['lan']);
  });
});

describe('human handoff on Messenger', () => {
  it('passes the thread to the Page Inbox after the replies, tells staff on Zalo, and "menu" in standby takes it back', async ({ annotate }) => {
    h = await startHarness({ staff: [LAN], handover: true });
    const asked = await h.messengerText(PSID, 'gặp nhân viên');
    const [notice] = await h.waitFor(LAN.zaloUserId, 1);
    await annotate(`handoff notice latency (Messenger user → staff Zalo): ${notice!.at - asked} ms`);
    expect(notice!.at - asked).toBeLessThan(5_000);
    expect(notice!.text).toContain('Messenger');
    await h.settle();
    const ops = h.to(PSID).map((r) => (r.op === 'message' ? r.text : r.op));
    expect(ops.slice(-3)).toEqual([text('handoff:user.notified', { minutes: 30 }), text('handoff:user.paused'), 'pass_thread_control']);
    const pass = h.to(PSID).at(-1)!;
    expect(pass.body).toMatchObject({ recipient: { id: PSID }, target_app_id: '263902037430900' });
    expect(String(pass.body.metadata)).toContain('Messenger');

    // The Page Inbox owns the thread: the user's messages come in standby and are never answered…
    const before = h.to(PSID).length;
    await h.messengerText(PSID, 'alo có ai không', { standby: true });
    await h.settle();
    expect(h.to(PSID).length).toBe(before);
    // …except "bot ơi": the thread is taken back first, then the bot answers.
    await h.messengerText(PSID, 'bot ơi', { standby: true });
    await h.settle();
    const back = h.to(PSID).slice(before).map((r) => (r.op === 'message' ? r.text : r.op));
    expect(back.slice(0, 3)).toEqual(['take_thread_control', text('handoff:user.back'), t.t('welcome.menu')]);
    expect((await h.tickets.list('closed'))[0]).toMatchObject({ channel: 'messenger', closedBy: 'user', handedOver: true });
  });

  it('a ticket closed by staff gives the thread back before telling the user', async () => {
    h = await startHarness({ staff: [LAN], handover: true });
    await h.messengerTap(PSID, '#intent:human', 'Gặp nhân viên');
    await h.waitFor(LAN.zaloUserId, 1);
    await h.settle();
    const before = h.to(PSID).length;
    const [open] = await h.tickets.list('open');
    await h.tickets.close(open!.id, 'lan');
    await h.waitFor(PSID, before + 2);
    expect(h.to(PSID).slice(before).map((r) => (r.op === 'message' ? r.text : r.op))).toEqual(['take_thread_control', text('handoff:user.closed_staff')]);
  });

  it('the Page Inbox handing the thread back (a person marked it done) closes the ticket and the user is told', async () => {
    h = await startHarness({ staff: [LAN], handover: true });
    await h.messengerText(PSID, 'gặp nhân viên');
    await h.waitFor(LAN.zaloUserId, 1);
    await h.settle();
    const before = h.to(PSID).length;
    await h.messengerThreadBack(PSID);
    const told = await h.waitFor(PSID, before + 1);
    expect(told.slice(before).map((r) => (r.op === 'message' ? r.text : r.op))).toEqual([text('handoff:user.closed_staff')]);
    expect((await h.tickets.list('closed'))[0]).toMatchObject({ closedBy: 'staff', closedByStaff: 'page_inbox' });
    expect(await h.rt.store.get(keys.humanPause('messenger', PSID))).toBeNull();
    // The bot answers again at once.
    await h.messengerText(PSID, 'thu nhập 5 triệu');
    await h.waitFor(PSID, before + 2);
  });

  it('without MESSENGER_HANDOVER no thread control is called; the pause still holds until "menu"', async () => {
    h = await startHarness({ staff: [LAN] });
    await h.messengerText(PSID, 'gặp nhân viên');
    await h.waitFor(LAN.zaloUserId, 1);
    await h.settle();
    const before = h.to(PSID).length;
    await h.messengerText(PSID, 'còn ai không');
    await h.settle();
    expect(h.to(PSID).length).toBe(before);
    await h.messengerText(PSID, 'menu');
    await until(() => h!.to(PSID).length >= before + 2);
    expect(h.received.filter((r) => r.op !== 'message')).toEqual([]);
  });
});
