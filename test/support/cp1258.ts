import iconv from 'iconv-lite';

const TONES = /[\u0300\u0301\u0303\u0309\u0323]/gu;

/**
 * Vietnamese text as a Windows-1258 file holds it (what Excel's "CSV" writes on a Vietnamese Windows): letters with
 * circumflex, breve or horn and đ are single bytes, the five tone marks separate combining bytes after the letter.
 */
export function encodeWindows1258(text: string): Buffer {
  const cp1258Form = [...text.normalize('NFC')]
    .map((c) => {
      const d = c.normalize('NFD');
      return d.replace(TONES, '').normalize('NFC') + (d.match(TONES)?.join('') ?? '');
    })
    .join('');
  return iconv.encode(cp1258Form, 'windows-1258');
}
