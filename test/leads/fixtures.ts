import type { ChannelAdapter } from '../../src/channels/channel.ts';
import type { InboundEvent, OutboundMessage } from '../../src/channels/types.ts';
import type { Engine, LeadDraft, Session } from '../../src/conversation/types.ts';

/** Test agents (fictional, 555 phones). Lào Cai: two in Phường Âu Lâu, one in Phường Lào Cai (≈128 km away), one inactive. */
export const AGENTS_CSV = `id,name,kind,phone,zalo_user_id,ward_code,province_code,lat,lon,address,hours,active,sample
A1,Bưu điện Âu Lâu,post_office,0555 000 001,9000000000000000001,04543,15,21.67079,104.88168,"Số 1, Âu Lâu",7:30–17:00,true,true
A2,Nguyễn Văn Mẫu,commune_agent,0555 000 002,9000000000000000002,04543,15,21.70,104.90,Thôn Mẫu,Sáng thứ 2–6,true,false
A3,Bưu điện Lào Cai,post_office,0555 000 003,9000000000000000003,02647,15,22.49889,104.01072,,7:30–17:00,true,false
A4,Đại lý nghỉ,commune_agent,0555 000 004,9000000000000000004,04543,15,21.671,104.882,,,false,false
A5,Đại lý Bát Xát (không tọa độ),commune_agent,0555 000 005,9000000000000000005,02683,15,,,,,true,false
H1,Bưu điện Ba Đình,post_office,0555 000 101,9000000000000000101,00004,01,21.03853,105.83806,,,true,false
`;

export const zaloIdOf = (agentId: string) => {
  const n: Record<string, string> = { A1: '9000000000000000001', A2: '9000000000000000002', A3: '9000000000000000003', A4: '9000000000000000004', A5: '9000000000000000005', H1: '9000000000000000101' };
  return n[agentId]!;
};

/** Âu Lâu's interior point (vn-admin-2025 wards.csv). */
export const AU_LAU = { lat: 21.67079, lon: 104.88168 };

export const consent = { version: 'lead-consent-v1', at: '2026-11-22T10:00:00.000Z' };

export const drafts: Record<string, LeadDraft> = {
  point: {
    consent,
    name: 'Phạm Thị Lan',
    phone: '+84555123456',
    location: { kind: 'point', latitude: AU_LAU.lat, longitude: AU_LAU.lon },
    estimate: { income: 1_500_000, group: 'other', period: 3, monthlyNet: 330_000, periodNet: 990_000 },
  },
  ward: { consent, name: 'Hoàng Văn Minh', phone: '+84555999888', location: { kind: 'place', provinceCode: '15', wardCode: '04543', label: 'Phường Âu Lâu, Lào Cai' } },
  nowhere: { consent, name: 'Đỗ Văn Xa', phone: '+84555777666', location: { kind: 'place', provinceCode: '96', wardCode: '32248', label: 'Xã Mẫu, Cà Mau' } },
  hanoi: { consent, name: 'Vũ Thị Hà', phone: '+84555111222', location: { kind: 'place', provinceCode: '01', label: 'Hà Nội' } },
};

/**
 * A stand-in for the conversation engine: `submit <draft>` reports lead_submitted with that draft and says it
 * was sent; `delete` asks for deletion; anything else is echoed.
 */
export const leadEngine: Engine = {
  flowVersion: 'test',
  turn(session: Session | undefined, event: InboundEvent, now: Date) {
    const s: Session = session ?? {
      schema: 1, channel: event.channel, userId: event.userId, flowVersion: 'test', position: undefined, resumeTo: undefined,
      vars: {}, failures: 0, createdAt: now.getTime(), updatedAt: now.getTime(),
    };
    const text = event.kind === 'text' ? event.text : event.kind === 'payload' ? event.payload : event.kind;
    if (text.startsWith('submit ')) {
      const draft = drafts[text.slice('submit '.length)]!;
      return { session: s, messages: [{ kind: 'text', text: 'Đã gửi yêu cầu' }], events: [{ type: 'lead_submitted', lead: draft }] };
    }
    if (text === 'delete') return { session: s, messages: [{ kind: 'text', text: 'Đã xóa' }], events: [{ type: 'data_deletion_requested' }] };
    return { session: s, messages: [{ kind: 'text', text: `echo ${text}` }], events: [] };
  },
};

/** A Messenger double for users on the other channel. */
export class FakeMessenger implements ChannelAdapter {
  readonly name = 'messenger' as const;
  readonly windowSeconds = 86_400;
  readonly sent: { userId: string; message: OutboundMessage }[] = [];
  verifySignature() {
    return 'ok' as const;
  }
  parse(): InboundEvent[] {
    return [];
  }
  async send(userId: string, message: OutboundMessage): Promise<void> {
    this.sent.push({ userId, message });
  }
  texts(userId?: string): string[] {
    return this.sent.filter((s) => !userId || s.userId === userId).map((s) => (s.message.kind === 'text' ? s.message.text : s.message.kind));
  }
}
