import { describe, expect, it } from 'vitest';
import { formatPhoneVn, parsePhone } from '../../src/language/phone.ts';

describe('parsePhone', () => {
  it.each([
    ['0912 468 735', '+84912468735'], ['+84 903 556 812', '+84903556812'], ['84961234508', '+84961234508'],
    ['(+84)789 112 336', '+84789112336'], ['0084 913 200 471', '+84913200471'], ['0367-845-219', '+84367845219'],
    ['sđt e 0356.782.194 nhé', '+84356782194'],
  ])('reads mobile numbers in any common layout as E.164: %s', (text, e164) => {
    expect(parsePhone(text)).toEqual({ e164, type: 'mobile' });
  });

  it.each([['0243 826 1234', '+842438261234'], ['028 3829 5517', '+842838295517'], ['máy bàn 0214 3 812 345', '+842143812345']])(
    'reads landlines as fixed_line: %s',
    (text, e164) => {
      expect(parsePhone(text)).toEqual({ e164, type: 'fixed_line' });
    },
  );

  it.each(['0123456789', '01689 123 456', '0912345', '09123456789', '0000000000', 'ko có sđt', '1900 1234'])(
    'rejects retired prefixes, wrong lengths, service numbers and text without a number: %s',
    (text) => {
      expect(parsePhone(text)).toBeUndefined();
    },
  );

  it('finds the phone even when other figures are typed before it', () => {
    expect(parsePhone('sn 1985 0912 468 735')?.e164).toBe('+84912468735');
  });
});

describe('formatPhoneVn', () => {
  it('shows an E.164 number as Vietnamese people write it', () => {
    expect(formatPhoneVn('+84912345678')).toBe('0912 345 678');
    expect(formatPhoneVn(parsePhone('sdt 0987.654.321')!.e164)).toBe('0987 654 321');
  });

  it('leaves what it cannot read as it is', () => {
    expect(formatPhoneVn('not a phone')).toBe('not a phone');
  });
});
