import { describe, expect, it } from 'vitest';
import { isAppError } from '../../src/errors.ts';
import { isOnDuty, nextOpening, parseOfficeHours, vietnamMoment } from '../../src/handoff/hours.ts';
import { dutyAt } from '../../src/handoff/roster.ts';

/** An instant given as Vietnam wall-clock time (UTC+7). */
const vn = (local: string) => Date.parse(`${local}+07:00`);

describe('office hours', () => {
  it('07:30-17:00 is Monday to Friday, Vietnam time, end excluded', () => {
    const h = parseOfficeHours('07:30-17:00');
    expect(isOnDuty(h, vn('2026-11-23T07:29'))).toBe(false); // Monday
    expect(isOnDuty(h, vn('2026-11-23T07:30'))).toBe(true);
    expect(isOnDuty(h, vn('2026-11-23T16:59'))).toBe(true);
    expect(isOnDuty(h, vn('2026-11-23T17:00'))).toBe(false);
    expect(isOnDuty(h, vn('2026-11-21T10:00'))).toBe(false); // Saturday
    expect(isOnDuty(parseOfficeHours(undefined), vn('2026-11-24T10:00'))).toBe(true); // unset = 07:30-17:00
  });

  it('several ranges, days, and a range past midnight', () => {
    const lunch = parseOfficeHours('07:30-11:30,13:30-17:00');
    expect(isOnDuty(lunch, vn('2026-11-23T12:00'))).toBe(false);
    expect(nextOpening(lunch, vn('2026-11-23T12:00'))).toBe(vn('2026-11-23T13:30'));
    const saturday = parseOfficeHours('T2-T7 07:30-11:30');
    expect(isOnDuty(saturday, vn('2026-11-21T08:00'))).toBe(true);
    expect(isOnDuty(saturday, vn('2026-11-22T08:00'))).toBe(false); // Sunday
    const night = parseOfficeHours('CN 22:00-06:00');
    expect(isOnDuty(night, vn('2026-11-22T23:00'))).toBe(true); // Sunday night
    expect(isOnDuty(night, vn('2026-11-23T05:00'))).toBe(true); // into Monday morning
    expect(isOnDuty(night, vn('2026-11-23T23:00'))).toBe(false);
  });

  it('the next opening after Friday evening is Monday morning', () => {
    const h = parseOfficeHours('07:30-17:00');
    const at = nextOpening(h, vn('2026-11-20T18:00'))!; // Friday
    expect(at).toBe(vn('2026-11-23T07:30'));
    expect(vietnamMoment(at, vn('2026-11-20T18:00'))).toEqual({ relative: 'later', weekday: 1, date: '23/11', time: '7 giờ 30' });
    expect(vietnamMoment(vn('2026-11-24T07:00'), vn('2026-11-23T18:00')).relative).toBe('tomorrow');
  });

  it('refuses what it cannot read, naming the problem', () => {
    for (const bad of ['7h30-17h', '17:00-17:00', 'T9 07:30-17:00', '07:30-25:00', 'cả ngày']) {
      expect(() => parseOfficeHours(bad), bad).toThrow(/office hours/);
      try {
        parseOfficeHours(bad);
      } catch (err) {
        expect(isAppError(err, 'BHXH_HOURS_INVALID')).toBe(true);
      }
    }
  });

  it('duty: who is on duty now, else when the first comes; unreadable hours are left out and reported', () => {
    const bad: string[] = [];
    const members = [
      { id: 'a', zaloUserId: '1', hours: '07:30-17:00' },
      { id: 'b', zaloUserId: '2', hours: '13:30-21:00' },
      { id: 'c', zaloUserId: '3', hours: 'never' },
    ];
    expect(dutyAt(members, vn('2026-11-23T18:00'), (m) => bad.push(m.id))).toEqual({ onDuty: [members[1]], nextOpening: undefined });
    expect(dutyAt(members, vn('2026-11-23T22:00'))).toEqual({ onDuty: [], nextOpening: vn('2026-11-24T07:30') });
    expect(dutyAt([], vn('2026-11-23T10:00'))).toEqual({ onDuty: [], nextOpening: undefined });
    expect(bad).toEqual(['c']);
  });
});
