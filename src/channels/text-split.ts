/** Text cut to a platform's limits without breaking an emoji (surrogate pair) or, where possible, a sentence. */

export function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** Cuts to at most `limit` UTF-16 units without splitting a surrogate pair. */
export function truncate(s: string, limit: number): string {
  if (s.length <= limit) return s;
  const end = isHighSurrogate(s.charCodeAt(limit - 1)) ? limit - 1 : limit;
  return s.slice(0, end);
}

/** Index to cut `s` at (≤ limit): after the last sentence end, else the last whitespace, else a hard cut. */
function cutPoint(s: string, limit: number): number {
  const window = s.slice(0, limit + 1); // one more char to see whether the limit falls on a space
  const floor = Math.floor(limit / 2); // do not make tiny chunks just to end on a boundary
  let sentence = -1;
  for (const m of window.matchAll(/[.!?…。](?=\s)|\n/g)) {
    const end = m.index + m[0].length;
    if (end <= limit && end >= floor) sentence = end;
  }
  if (sentence > 0) return sentence;
  for (let i = Math.min(limit, window.length - 1); i >= floor; i--) {
    if (/\s/.test(window[i]!)) return i;
  }
  return isHighSurrogate(s.charCodeAt(limit - 1)) ? limit - 1 : limit;
}

/** Splits text into chunks of ≤ `limit` UTF-16 units on sentence, then space, boundaries. */
export function splitText(text: string, limit: number): string[] {
  const chunks: string[] = [];
  let rest = text.normalize('NFC').trim();
  while (rest.length > limit) {
    const at = cutPoint(rest, limit);
    const chunk = rest.slice(0, at).trimEnd();
    if (chunk) chunks.push(chunk);
    rest = rest.slice(at).trimStart();
  }
  if (rest) chunks.push(rest);
  return chunks;
}

