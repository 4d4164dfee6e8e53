import { describe, expect, it } from 'vitest';
import { parseAnswer } from '../../src/conversation/parse.ts';

const now = new Date('2026-11-23T03:00:00Z');
const ok = (value: unknown) => ({ ok: true, value });

describe('answers by parser kind', () => {
  it('money: slang, words, bare millions, a range asks for one amount', () => {
    expect(parseAnswer('money', '5tr', now)).toEqual(ok(5_000_000));
    expect(parseAnswer('money', 'thu nhap 5 trieu', now)).toEqual(ok(5_000_000));
    expect(parseAnswer('money', '5', now)).toEqual(ok(5_000_000));
    expect(parseAnswer('money', '2,5', now)).toEqual(ok(2_500_000));
    expect(parseAnswer('money', '3-5tr', now)).toEqual({ ok: false, reason: 'money_range' });
    expect(parseAnswer('money', 'nhiều lắm', now)).toEqual({ ok: false });
  });

  it('birth: year, month/year, age from now; out of range', () => {
    expect(parseAnswer('birth', '1985', now)).toEqual(ok('1985'));
    expect(parseAnswer('birth', '3/1985', now)).toEqual(ok('1985-03'));
    expect(parseAnswer('birth', '45 tuổi', now)).toEqual(ok('1981'));
    expect(parseAnswer('birth', '2020', now)).toEqual({ ok: false, reason: 'birth_range' });
  });

  it('paid months, phone, yes/no, sex, name', () => {
    expect(parseAnswer('paid_months', '5 năm', now)).toEqual(ok(60));
    expect(parseAnswer('paid_months', 'chưa', now)).toEqual(ok(0));
    expect(parseAnswer('phone', '0912 345 678', now)).toEqual(ok('+84912345678'));
    expect(parseAnswer('phone', '12345', now)).toEqual({ ok: false });
    expect(parseAnswer('yes_no', 'vâng', now)).toEqual(ok('yes'));
    expect(parseAnswer('sex', 'nu', now)).toEqual(ok('female'));
    expect(parseAnswer('name', '  Nguyễn   Thị Lan ', now)).toEqual(ok('Nguyễn Thị Lan'));
    expect(parseAnswer('name', '0912345678', now)).toEqual({ ok: false });
    // An answer is not a name; a name that shares a word with one is ("Được", "Dũng" folds like "đúng").
    for (const answer of ['Đồng ý', 'dong y', 'Không đồng ý', 'Vâng ạ', 'ok', 'Sửa lại', 'bỏ qua']) expect(parseAnswer('name', answer, now), answer).toEqual({ ok: false });
    for (const name of ['Nguyễn Văn Được', 'Dũng', 'Minh', 'Trần Thị Ý']) expect(parseAnswer('name', name, now), name).toEqual(ok(name));
  });

  it('place: found, ambiguous → candidates, not found', () => {
    const found = parseAnswer('place', 'phường Ba Đình, Hà Nội', now);
    expect(found.ok).toBe(true);
    const amb = parseAnswer('place', 'Tân Phú', now);
    expect(amb.ok).toBe('choose');
    if (amb.ok === 'choose') expect(amb.candidates.length).toBeGreaterThan(1);
    expect(parseAnswer('place', 'xyzxyz', now)).toEqual({ ok: false });
  });
});
