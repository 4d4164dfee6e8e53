import { describe, expect, it } from 'vitest';
import { vietnamDate } from '../../src/insurance/calendar.ts';

describe('vietnamDate', () => {
  it('turns the date at 17:00 UTC, midnight in Hà Nội', () => {
    expect(vietnamDate(new Date('2026-06-30T16:59:59.999Z'))).toBe('2026-06-30');
    expect(vietnamDate(new Date('2026-06-30T17:00:00.000Z'))).toBe('2026-07-01');
  });

  it('agrees with the Asia/Ho_Chi_Minh time zone across a year', () => {
    const zone = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit' });
    for (let t = Date.UTC(2026, 0, 1, 3); t < Date.UTC(2027, 0, 1); t += 7 * 3_600_000 + 60_000) {
      expect(vietnamDate(new Date(t))).toBe(zone.format(new Date(t)));
    }
  });
});
