import { describe, expect, it } from 'vitest';
import { expandYear, parseBirth, parsePaidMonths } from '../../src/language/dates.ts';

const TODAY = new Date('2026-11-22T00:00:00Z');

describe('parseBirth', () => {
  it.each([
    ['15/8/1965', { year: 1965, month: 8, day: 15 }], ['12-3-1988', { year: 1988, month: 3, day: 12 }],
    ['1/1/80', { year: 1980, month: 1, day: 1 }], ['sinh ngày 02/09/1972', { year: 1972, month: 9, day: 2 }],
    ['ngày 5 tháng 6 năm 1975', { year: 1975, month: 6, day: 5 }],
  ])('reads a day/month/year date: %s', (text, date) => {
    expect(parseBirth(text, TODAY)).toEqual({ kind: 'birth', ...date });
  });

  it.each([['08/1968', 1968, 8], ['tháng 3 năm 1970', 1970, 3], ['sinh tháng 5/1980', 1980, 5]])(
    'reads a month and year: %s',
    (text, year, month) => {
      expect(parseBirth(text, TODAY)).toEqual({ kind: 'birth', year, month });
    },
  );

  it.each([['1985', 1985], ['sinh năm 85', 1985], ['sn 03', 2003], ['đẻ năm 68', 1968], ['e sinh 1990', 1990], ['sinh năm tám lăm', 1985]])(
    'reads a birth year, two-digit years only after a birth word: %s',
    (text, year) => {
      expect(parseBirth(text, TODAY)).toEqual({ kind: 'birth', year });
    },
  );

  it('expands two-digit years to 20yy up to this year, 19yy otherwise', () => {
    expect(expandYear(26, TODAY)).toBe(2026);
    expect(expandYear(27, TODAY)).toBe(1927);
  });

  it.each([['năm nay e 40 tuổi', 40], ['52 tuoi', 52], ['nam nay 47t', 47], ['năm mươi lăm tuổi', 55], ['tuổi 60 rồi', 60], ['năm nay 50', 50]])(
    'reads an age: %s',
    (text, years) => {
      expect(parseBirth(text, TODAY)).toEqual({ kind: 'age', years });
    },
  );

  it('prefers the year when both a year and an age are given', () => {
    expect(parseBirth('sinh năm 1962, năm nay 64 tuổi', TODAY)).toEqual({ kind: 'birth', year: 1962 });
  });

  it('gives undefined when no date or age can be read', () => {
    expect(parseBirth('giấy tờ mất hết, ko nhớ năm sinh', TODAY)).toBeUndefined();
    expect(parseBirth('2099', TODAY)).toBeUndefined();
  });
});

describe('parsePaidMonths', () => {
  it.each([
    ['5 năm', 60], ['5 năm 7 tháng', 67], ['67 tháng', 67], ['12 nam', 144], ['2,5 năm', 30], ['hai mươi năm', 240],
    ['muoi lam nam', 180], ['năm năm', 60],
  ])('adds years × 12 and months: %s', (text, months) => {
    expect(parsePaidMonths(text)).toBe(months);
  });

  it.each([['3 năm rưỡi', 42], ['1 năm rưỡi', 18], ['năm rưỡi', 18]])('reads rưỡi as six more months: %s', (text, months) => {
    expect(parsePaidMonths(text)).toBe(months);
  });

  it('adds compulsory and voluntary periods together', () => {
    expect(parsePaidMonths('có 10 năm bắt buộc với 3 năm tự nguyện')).toBe(156);
  });

  it.each(['chưa đóng', 'chưa đóng ngày nào', 'chưa tham gia bao giờ', 'chưa'])('reads never-paid answers as 0: %s', (text) => {
    expect(parsePaidMonths(text)).toBe(0);
  });

  it('counts months from a start year until today', () => {
    expect(parsePaidMonths('đóng từ năm 2020 đến giờ', TODAY)).toBe(6 * 12 + 10);
    expect(parsePaidMonths('từ tháng 3/2024', TODAY)).toBe(2 * 12 + 8);
  });

  it.each(['ko nhớ rõ', 'vài tháng', 'xin chào'])('gives undefined when no period can be read: %s', (text) => {
    expect(parsePaidMonths(text)).toBeUndefined();
  });
});

describe('parseBirth regressions (issue 11)', () => {
  it('reads a zodiac year as the year, not an age', () => {
    expect(parseBirth('tuổi Mậu Thân 68', TODAY)).toEqual({ kind: 'birth', year: 1968 });
    expect(parseBirth('1959 tuổi Hợi', TODAY)).toEqual({ kind: 'birth', year: 1959 });
    expect(parseBirth('Tân Sửu', TODAY)).toEqual({ kind: 'birth', year: 1961 });
    expect(parseBirth('cô tuổi Mùi', TODAY)).toBeUndefined();
  });

  it('reads month / two-digit year, and a bare two-digit year when the year was asked', () => {
    expect(parseBirth('9/68', TODAY)).toEqual({ kind: 'birth', year: 1968, month: 9 });
    expect(parseBirth('4/11', TODAY)).toBeUndefined();
    expect(parseBirth('68', TODAY)).toBeUndefined();
    expect(parseBirth('68', TODAY, { asked: true })).toEqual({ kind: 'birth', year: 1968 });
    expect(parseBirth('dạ 05 ạ', TODAY, { asked: true })).toEqual({ kind: 'birth', year: 2005 });
  });
});
