/**
 * JSON.parse that keeps long integers exact. Zalo ids are decimal strings today, but some Zalo responses carry
 * bare integers above 2^53 (zalo.md §1.2), and `JSON.parse` would silently round them. Before parsing, any bare
 * integer literal with 16 or more digits (outside strings) is wrapped in quotes, so it arrives as a string.
 * Throws SyntaxError exactly like JSON.parse for text that is not JSON.
 */
export function parseJsonKeepingBigInts(text: string): unknown {
  return JSON.parse(quoteLongIntegers(text));
}

/** A Zalo body's bytes → its JSON, long integers kept (throws SyntaxError for text that is not JSON). */
export type BodyParser = (rawBody: Buffer) => unknown;

export const parseZaloBody: BodyParser = (rawBody) => parseJsonKeepingBigInts(rawBody.toString('utf8'));

/**
 * A parser that remembers its last body: the signature check needs the body's timestamp and normalisation the
 * rest, so within one request (the same Buffer) the JSON is read once. Keyed by the Buffer itself; a failure is
 * remembered too.
 */
export function parseOncePerBody(): BodyParser {
  let last: { raw: Buffer; body?: unknown; error?: unknown } | undefined;
  return (rawBody) => {
    if (last?.raw !== rawBody) {
      try {
        last = { raw: rawBody, body: parseZaloBody(rawBody) };
      } catch (error) {
        last = { raw: rawBody, error };
      }
    }
    if ('error' in last) throw last.error;
    return last.body;
  };
}

const LONG_INT_DIGITS = 16;

function quoteLongIntegers(text: string): string {
  let out = '';
  let last = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
      continue;
    }
    if (c === 0x22) {
      inString = true;
      continue;
    }
    const isDigit = c >= 0x30 && c <= 0x39;
    if (!isDigit && c !== 0x2d /* - */) continue;
    // A number token: optional minus, digits, optional fraction/exponent.
    let j = i + (c === 0x2d ? 1 : 0);
    const digitsStart = j;
    while (j < text.length && text.charCodeAt(j) >= 0x30 && text.charCodeAt(j) <= 0x39) j++;
    const digits = j - digitsStart;
    const next = text[j];
    const isInteger = next !== '.' && next !== 'e' && next !== 'E';
    if (digits >= LONG_INT_DIGITS && isInteger) {
      out += `${text.slice(last, i)}"${text.slice(i, j)}"`;
      last = j;
    }
    // Skip the rest of the token (fraction, exponent) so its digits are never read as a number of their own.
    while (j < text.length && /[0-9.eE+-]/.test(text[j]!)) j++;
    i = Math.max(i, j - 1);
  }
  return last === 0 ? text : out + text.slice(last);
}
