import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { commandWords, parseAgentCommand } from '../../src/leads/agent-commands.ts';

const load = (lng: string) => JSON.parse(readFileSync(new URL(`../../locales/${lng}/leads.json`, import.meta.url), 'utf8')) as Record<string, unknown>;
const paths = (o: Record<string, unknown>, at = ''): string[] =>
  Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? paths(v as Record<string, unknown>, `${at}${k}.`) : [`${at}${k}`]));

describe('lead texts', () => {
  it('has the same keys in Vietnamese and English', () => {
    expect(paths(load('en')).sort()).toEqual(paths(load('vi')).sort());
  });

  it('recognises agent commands as payloads, typed payload text and "khách của tôi" without diacritics', () => {
    const base = { channel: 'zalo' as const, userId: 'a', eventId: 'e', timestamp: 1 };
    expect(parseAgentCommand({ ...base, kind: 'payload', payload: '#lead:accept:AbC123' })).toEqual({ kind: 'action', action: 'accept', leadId: 'AbC123' });
    expect(parseAgentCommand({ ...base, kind: 'text', text: ' #lead:decline:x1 ' })).toEqual({ kind: 'action', action: 'decline', leadId: 'x1' });
    expect(parseAgentCommand({ ...base, kind: 'text', text: 'KHÁCH CỦA TÔI?' })).toEqual({ kind: 'mine' });
    expect(parseAgentCommand({ ...base, kind: 'text', text: 'khach cua toi' })).toEqual({ kind: 'mine' });
    expect(parseAgentCommand({ ...base, kind: 'text', text: '#lead:delete:x1' })).toBeUndefined();
    expect(parseAgentCommand({ ...base, kind: 'text', text: '#menu:home' })).toBeUndefined();
    expect(parseAgentCommand({ ...base, kind: 'text', text: 'chào bạn' })).toBeUndefined();
    expect(commandWords('Đặc khu  Phú Quốc!')).toBe('dac khu phu quoc');
  });
});
