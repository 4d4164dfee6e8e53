import { describe, expect, it } from 'vitest';
import { isSyllable, repairWord } from '../../src/language/fuzzy.ts';

const VOCAB = new Set(['dong', 'luong', 'thang', 'nhap', 'tuoi']);

describe('repairWord', () => {
  it('tells spellings that can be a Vietnamese syllable from those that cannot', () => {
    for (const w of ['dong', 'nghieng', 'khuya', 'ty', 'o', 'thuong']) expect(isSyllable(w)).toBe(true);
    for (const w of ['dog', 'luog', 'thag', 'nhapp', 'trieuj']) expect(isSyllable(w)).toBe(false);
  });

  it('repairs a non-syllable one edit from a single vocabulary word, and nothing else', () => {
    expect(repairWord('dog', VOCAB)).toBe('dong');
    expect(repairWord('luog', VOCAB)).toBe('luong');
    expect(repairWord('thag', VOCAB)).toBe('thang');
    expect(repairWord('do', VOCAB)).toBe('do');
    expect(repairWord('dung', VOCAB)).toBe('dung');
    expect(repairWord('xyzw', VOCAB)).toBe('xyzw');
  });
});
