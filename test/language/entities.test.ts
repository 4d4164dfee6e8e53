import { describe, expect, it } from 'vitest';
import { entitiesSchema, extractEntities, readDetails } from '../../src/language/entities.ts';

const NOW = new Date('2026-12-03T12:00:00Z');
const read = (text: string) => extractEntities(text, NOW);

describe('extractEntities', () => {
  it('finds birth, sex and years paid in one question', () => {
    expect(read('Tôi sinh 3/1966, nam, đóng 9 năm, bao giờ nghỉ hưu?')).toEqual({ birth: '1966-03', sex: 'male', paidMonths: 108 });
    expect(read('toi sinh nam 1972 dong dc 8 nam roi')).toEqual({ birth: '1972', paidMonths: 96 });
  });

  it('reads a year next to its zodiac animal as the year, never as an age', () => {
    expect(read('bà tuổi Quý Mão 63 rồi, hỏi về hưu')).toMatchObject({ birth: '1963', sex: 'female' });
    expect(read('tuoi dan 1962')).toEqual({ birth: '1962' });
    expect(read('tôi tuổi Kỷ Dậu').birth).toBe('1969');
  });

  it('reads an age, but not an age that is a condition', () => {
    expect(read('anh năm nay 52t muốn đóng tiếp')).toMatchObject({ birth: 'AGE:52', sex: 'male' });
    expect(read('đủ 60 tuổi thì được nhận lương hưu không').birth).toBeUndefined();
  });

  it('tells the speaker from the person addressed', () => {
    expect(read('cho chị hỏi đóng ở đâu').sex).toBe('female');
    expect(read('chị ơi cho em hỏi đóng ở đâu').sex).toBeUndefined();
    expect(read('chú sinh năm 1968').sex).toBe('male');
    expect(read('em 30 tuổi').sex).toBeUndefined();
  });

  it('splits compulsory months and the employer salary from the present income', () => {
    expect(readDetails('mình đi làm cty 6 năm, lương 6tr, giờ bán xôi thu nhập 4tr', NOW)).toEqual({
      paidMonths: 72, compulsoryMonths: 72, pastSalaryVnd: 6_000_000, incomeVnd: 4_000_000,
    });
    expect(readDetails('có 4 năm bắt buộc với 2 năm tự nguyện', NOW)).toMatchObject({ paidMonths: 72, compulsoryMonths: 48 });
  });

  it('keeps the period an income is said in', () => {
    expect(read('bán nước 120k/ngay')).toEqual({ incomeVnd: 120_000, incomePeriod: 'day' });
    expect(read('một năm được 48 triệu')).toEqual({ incomeVnd: 48_000_000, incomePeriod: 'year' });
    expect(read('tháng kiếm 3-4 triệu')).toEqual({ incomeVnd: { min: 3_000_000, max: 4_000_000 }, incomePeriod: 'month' });
  });

  it('takes what the user can pay as a contribution, not an income', () => {
    expect(read('tôi chỉ đóng nổi 400k thôi')).toEqual({ contributionVnd: 400_000 });
    expect(read('đóng theo thu nhập 5 triệu')).toEqual({ incomeVnd: 5_000_000 });
  });

  it('ignores hypothetical periods and figures that are no detail of the user', () => {
    expect(read('nếu đóng 15 năm thì lương hưu bao nhiêu')).toEqual({});
    expect(read('muốn lương hưu 4 triệu thì đóng sao')).toEqual({});
  });

  it('finds a place only after a place word, the group and the phone', () => {
    expect(read('nhà em ở xã Sơn Hạ, Quảng Ngãi, hộ cận nghèo, sđt 0912 468 735')).toEqual({
      provinceCode: '51', wardCode: '21292', group: 'near_poor', phone: '+84912468735',
    });
    expect(read('đi làm công ty 12 năm').provinceCode).toBeUndefined();
    expect(read('hộ nghèo được hỗ trợ bao nhiêu').group).toBeUndefined();
    // "xã" in "bảo hiểm xã hội" is no commune (it was read as Phường La Gi from "là gì").
    expect(read('bảo hiểm xã hội tự nguyện là gì').provinceCode).toBeUndefined();
    expect(read('bao hiem xa hoi tu nguyen la gi').provinceCode).toBeUndefined();
  });

  it('always returns the shape of the contract', () => {
    for (const text of ['', 'xin chào', 'sn 85 nữ thu nhập 5tr sđt 0903556812']) expect(entitiesSchema.safeParse(read(text)).success).toBe(true);
  });
});

describe('word-level fuzzy matching for short syllables', () => {
  it('repairs a word that cannot be a Vietnamese syllable to the one cue word an edit away', () => {
    expect(read('toi dog dc 6 nam roi')).toEqual({ paidMonths: 72 });
    expect(readDetails('lam cty 5 nam, luog 6tr', NOW)).toMatchObject({ compulsoryMonths: 60, pastSalaryVnd: 6_000_000 });
  });

  it('never changes a real syllable, and lets typed diacritics decide a folded collision', () => {
    expect(read('cô làm công ty 9 năm, lương hưu cô bao nhiêu')).toMatchObject({ paidMonths: 108 });
    expect(read('làm ở xí nghiệp may 4 năm')).toEqual({ paidMonths: 48 });
    expect(read('đóng mấy năm thì được')).toEqual({});
  });
});
