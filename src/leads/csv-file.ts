import iconv from 'iconv-lite';
import jschardet from 'jschardet';
import { AppError, ErrorCodes } from '../errors.ts';

/**
 * Reading a CSV file as office staff save it from Excel or LibreOffice: the text encoding and the separator are
 * detected, never assumed. Encodings: UTF-8 with or without a byte order mark, UTF-16 LE/BE ("Unicode text"; with a
 * BOM, or detected without), and Windows-1258 (Excel's "CSV (Comma delimited)" on a Vietnamese Windows), which is
 * converted (its tone marks are separate characters: the text is put in NFC) with a notice. Anything else is
 * refused with how to save the file as UTF-8. Detection of BOM-less UTF-16 and of Windows-1258 is jschardet's
 * (it knows cp1258; chardet ranks ISO-8859-1 above it for Vietnamese text); decoding is iconv-lite's.
 */

export type CsvEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1258';

export interface DecodedCsv {
  text: string;
  encoding: CsvEncoding;
  /** Set when the file was converted (not UTF-8): say it to the person importing. */
  notice?: string;
}

export const SAVE_AS_UTF8 =
  'Save it as UTF-8: in Excel, File → Save As → "CSV UTF-8 (Comma delimited) (*.csv)"; in LibreOffice, File → Save As → ' +
  'Text CSV, then Character set "Unicode (UTF-8)"; in Google Sheets, File → Download → CSV.';

const utf8 = new TextDecoder('utf-8', { fatal: true });

function isUtf8(bytes: Uint8Array): boolean {
  try {
    utf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Decodes the bytes of a CSV file (see above). Throws BHXH_CSV_ENCODING_UNSUPPORTED with the way out. */
export function decodeCsv(bytes: Buffer, file = 'the file'): DecodedCsv {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: bytes.subarray(3).toString('utf8'), encoding: 'utf-8' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: iconv.decode(bytes.subarray(2), 'utf-16le'), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: iconv.decode(bytes.subarray(2), 'utf-16be'), encoding: 'utf-16be' };
  // UTF-16 text of Latin letters is valid UTF-8 too (NUL bytes are): a NUL near the start means look for UTF-16.
  const head = bytes.subarray(0, 4096);
  if (head.includes(0)) {
    const guess = jschardet.detect(head);
    const enc = guess.encoding?.toLowerCase().replace(/-(le|be)$/, '$1');
    if ((enc === 'utf-16le' || enc === 'utf-16be') && guess.confidence >= 0.5) return { text: iconv.decode(bytes, enc), encoding: enc };
  }
  if (isUtf8(bytes)) return { text: bytes.toString('utf8'), encoding: 'utf-8' };
  const guesses = jschardet.detectAll(bytes, { minimumThreshold: 0 });
  const top = guesses[0]?.encoding?.toLowerCase();
  if (top === 'cp1258' || top === 'windows-1258') {
    return {
      text: iconv.decode(bytes, 'windows-1258').normalize('NFC'),
      encoding: 'windows-1258',
      notice: `${file} is in Windows-1258 (Excel's Vietnamese "CSV"), not UTF-8: converted. ${SAVE_AS_UTF8}`,
    };
  }
  throw new AppError(
    ErrorCodes.CSV_ENCODING_UNSUPPORTED,
    `${file} is not UTF-8 text${top ? ` (it looks like ${guesses[0]!.encoding})` : ''}, and not in an encoding we can convert safely. ${SAVE_AS_UTF8}`,
    { details: { guess: top ?? null } },
  );
}

/**
 * The separator of a CSV's header line: `;` (Excel where the decimal mark is a comma) or `,`, whichever occurs
 * more often outside quotes. The header's column names hold neither.
 */
export function detectSeparator(text: string): ',' | ';' {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const c of text) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && c === ',') commas++;
    else if (!quoted && c === ';') semicolons++;
  }
  return semicolons > commas ? ';' : ',';
}
