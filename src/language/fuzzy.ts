/**
 * Word-level fuzzy matching for the parsers. Vietnamese syllables are short (`dong`, `luong`), so "one typo for
 * words of 5+ letters" misses the commonest slips (`luog`, `dog`, `thag`). Instead a typed word is repaired only
 * when it cannot be a Vietnamese syllable at all (folded spelling: onset, vowels, one of the allowed finals) and
 * exactly one word of the caller's vocabulary is one edit away: `dog` → `dong`, `luog` → `luong`, but `do`, `nam`,
 * `ty` (real syllables) are never changed. The edit distance itself comes from `fastest-levenshtein`.
 */
import { distance } from 'fastest-levenshtein';

export { distance as levenshtein };

/** A folded Vietnamese syllable: optional onset, 1–3 vowels, optional final (c, ch, m, n, ng, nh, p, t). */
const SYLLABLE = /^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(ng|nh|ch|[cmnpt])?$/u;

export function isSyllable(folded: string): boolean {
  return SYLLABLE.test(folded);
}

/**
 * The vocabulary word a typed (folded, letters-only) word stands for: itself when it is a syllable or in the
 * vocabulary, else the single vocabulary word one edit away (words of 3+ letters), else itself.
 */
export function repairWord(folded: string, vocabulary: ReadonlySet<string>): string {
  if (folded.length < 3 || vocabulary.has(folded) || isSyllable(folded) || !/^\p{L}+$/u.test(folded)) return folded;
  let found: string | undefined;
  for (const w of vocabulary) {
    if (Math.abs(w.length - folded.length) > 1 || distance(w, folded) !== 1) continue;
    if (found !== undefined) return folded;
    found = w;
  }
  return found ?? folded;
}
