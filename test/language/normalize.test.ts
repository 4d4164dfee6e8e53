import { describe, expect, it } from 'vitest';
import { fold, normalize } from '../../src/language/index.ts';

describe('normalize', () => {
  it('keeps the original, and gives NFC lower case with collapsed spaces and accents kept', () => {
    const decomposed = 'Âu  Lâu,\tLào Cai'.normalize('NFD');
    const n = normalize(decomposed);
    expect(n.original).toBe(decomposed);
    expect(n.nfc).toBe('âu lâu, lào cai');
    expect(n.nfc).toBe(n.nfc.normalize('NFC'));
  });

  it('folds diacritics, including đ → d', () => {
    expect(normalize('Đăng ký BHXH tự nguyện ở đâu').folded).toBe('dang ky bhxh tu nguyen o dau');
    expect(fold('Đắk Lắk Hoà Hòa')).toBe('Dak Lak Hoa Hoa');
  });

  it('expands teencode and abbreviations into whole words', () => {
    expect(normalize('ko dc j').tokens).toEqual(['khong', 'duoc', 'gi']);
    expect(normalize('hok biết bn').tokens).toEqual(['khong', 'biet', 'bao', 'nhieu']);
    expect(normalize('bhxh tn').tokens).toEqual(['bao', 'hiem', 'xa', 'hoi', 'tu', 'nguyen']);
    expect(normalize('thẻ bhyt').tokens).toEqual(['the', 'bao', 'hiem', 'y', 'te']);
    expect(normalize('sn 85, thu nhập 5 tr').tokens).toEqual(['sinh', 'nam', '85', 'thu', 'nhap', '5', 'trieu']);
    expect(normalize('đc k').tokens).toEqual(['duoc', 'khong']);
  });

  it('does not expand letters inside words', () => {
    expect(normalize('500k').tokens).toEqual(['500k']);
    expect(normalize('kho khăn').tokens).toEqual(['kho', 'khan']);
  });
});
