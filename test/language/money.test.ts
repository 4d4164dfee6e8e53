import { describe, expect, it } from 'vitest';
import { parseMoney } from '../../src/language/money.ts';

const amount = (vnd: number) => ({ kind: 'amount', vnd });
const range = (minVnd: number, maxVnd: number) => ({ kind: 'range', minVnd, maxVnd });

describe('parseMoney', () => {
  it.each([
    ['5 triệu', 5_000_000], ['5tr', 5_000_000], ['7 củ', 7_000_000], ['10m', 10_000_000], ['500k', 500_000],
    ['500 nghìn', 500_000], ['700 ngàn', 700_000], ['1 tỷ 2', 1_200_000_000], ['hai lít', 200_000],
  ])('reads units after a number: %s', (text, vnd) => {
    expect(parseMoney(text)).toEqual(amount(vnd));
  });

  it.each([
    ['5.000.000đ', 5_000_000], ['5,000,000 VND', 5_000_000], ['5000000', 5_000_000], ['3.500.000₫', 3_500_000],
    ['1,5 triệu', 1_500_000], ['1.5tr', 1_500_000], ['4.5m', 4_500_000],
  ])('reads separators as thousands (three digits) or a decimal mark: %s', (text, vnd) => {
    expect(parseMoney(text)).toEqual(amount(vnd));
  });

  it.each([
    ['5tr5', 5_500_000], ['1tr550', 1_550_000], ['2tr25', 2_250_000], ['3 củ 8', 3_800_000], ['một triệu tư', 1_400_000],
    ['hai triệu mốt', 2_100_000], ['1 triệu 2', 1_200_000], ['3 triệu 2 trăm', 3_200_000],
  ])('reads a bare number after a unit as its decimal tail: %s', (text, vnd) => {
    expect(parseMoney(text)).toEqual(amount(vnd));
  });

  it.each([
    ['2 triệu 250 nghìn', 2_250_000], ['2tr750k', 2_750_000], ['2 triệu 5 trăm nghìn', 2_500_000],
    ['hai triệu không trăm năm mươi nghìn', 2_050_000], ['5 triệu 50 nghìn', 5_050_000],
  ])('adds a smaller unit after a bigger one: %s', (text, vnd) => {
    expect(parseMoney(text)).toEqual(amount(vnd));
  });

  it.each([
    ['năm triệu rưỡi', 5_500_000], ['3 củ rưỡi', 3_500_000], ['triệu rưỡi', 1_500_000], ['triệu mốt', 1_100_000],
    ['mười lăm triệu', 15_000_000], ['hai mươi lăm triệu', 25_000_000], ['hai lăm triệu', 25_000_000],
    ['chục triệu', 10_000_000], ['hai chục triệu', 20_000_000], ['năm trăm ngàn', 500_000], ['tam tram nghin', 800_000],
  ])('reads number words, rưỡi and a unit without a number: %s', (text, vnd) => {
    expect(parseMoney(text)).toEqual(amount(vnd));
  });

  it.each([
    ['3 trieuj', 3_000_000], ['5 trệu', 5_000_000], ['8TR', 8_000_000],
  ])('accepts typos of triệu: %s', (text, vnd) => {
    expect(parseMoney(text)).toEqual(amount(vnd));
  });

  it('drops approximation words, and reads `tam` as tầm before a number but tám before a unit', () => {
    expect(parseMoney('tầm 4tr')).toEqual(amount(4_000_000));
    expect(parseMoney('dc tam 2 cu')).toEqual(amount(2_000_000));
    expect(parseMoney('tam trieu mot thang')).toEqual(amount(8_000_000));
    expect(parseMoney('hơn 3 triệu chút')).toEqual(amount(3_000_000));
  });

  it.each([
    ['khoảng 5-7 triệu', 5_000_000, 7_000_000], ['từ 3 đến 4 triệu', 3_000_000, 4_000_000],
    ['tầm 3 4 triệu thôi', 3_000_000, 4_000_000], ['ba bốn triệu', 3_000_000, 4_000_000],
    ['3tr-3tr5', 3_000_000, 3_500_000], ['8-9 củ', 8_000_000, 9_000_000],
    ['nhiều thì 6 triệu, ít thì 3 triệu', 3_000_000, 6_000_000],
  ])('gives a range for two figures: %s', (text, min, max) => {
    expect(parseMoney(text)).toEqual(range(min, max));
  });

  it('adds parts of one income joined by thêm / cộng / với', () => {
    expect(parseMoney('lương cứng 4tr5 thêm thưởng 1tr')).toEqual(amount(5_500_000));
    expect(parseMoney('3 triệu cộng 500k phụ cấp')).toEqual(amount(3_500_000));
  });

  it('ignores years, ages, household sizes and "a month"', () => {
    expect(parseMoney('sinh năm 1980, thu nhập 6tr')).toEqual(amount(6_000_000));
    expect(parseMoney('nhà có 4 người, thu nhập khoảng 10 triệu')).toEqual(amount(10_000_000));
    expect(parseMoney('năm nay làm ăn khá, tháng đc 9 triệu')).toEqual(amount(9_000_000));
    expect(parseMoney('tám trăm ngàn một tháng')).toEqual(amount(800_000));
    expect(parseMoney('lương tháng 7 triệu')).toEqual(amount(7_000_000));
    expect(parseMoney('năm 2025')).toBeUndefined();
    expect(parseMoney('e 45 tuổi')).toBeUndefined();
  });

  it.each(['tùy tháng', 'không có thu nhập cố định', 'đang thất nghiệp', 'vài triệu', 'bấp bênh lắm, lúc có lúc không', 'ko biết nữa', 'tháng nhiều tháng ít'])(
    'gives none for irregular, unknown or vague income: %s',
    (text) => {
      expect(parseMoney(text)).toEqual({ kind: 'none' });
    },
  );

  it('gives undefined when the message has no money at all', () => {
    expect(parseMoney('xin chào')).toBeUndefined();
    expect(parseMoney('')).toBeUndefined();
  });
});

describe('parseMoney regressions (issue 11)', () => {
  it('reads cents after thousands groups as decimals, whichever mark each uses', () => {
    expect(parseMoney('2.300.000,00đ')).toEqual(amount(2_300_000));
    expect(parseMoney('4,250,000.00 vnd')).toEqual(amount(4_250_000));
  });

  it('takes a figure with a minus sign for no income', () => {
    expect(parseMoney('-3tr')).toBeUndefined();
    expect(parseMoney('lỗ -800.000đ')).toBeUndefined();
    expect(parseMoney('4-6tr')).toEqual(range(4_000_000, 6_000_000));
  });

  it('reads a plain `tam` after a unit as tám', () => {
    expect(parseMoney('4 trieu tam')).toEqual(amount(4_800_000));
    expect(parseMoney('tam 4 trieu')).toEqual(amount(4_000_000));
  });

  it('does not read `đóng` after a year as the currency', () => {
    expect(parseMoney('sinh 1975 đóng 6 năm')).toBeUndefined();
    expect(parseMoney('sinh nam 1975 dong 6 nam')).toBeUndefined();
  });
});
