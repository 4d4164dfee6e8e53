import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { ErrorCodes, isAppError } from '../../src/errors.ts';
import { parseAgentsCsv } from '../../src/leads/agents-csv.ts';
import { decodeCsv, detectSeparator } from '../../src/leads/csv-file.ts';
import { encodeWindows1258 } from '../support/cp1258.ts';
import { AGENTS_CSV } from './fixtures.ts';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

describe('reading a CSV as staff save it: encoding', () => {
  it.each([
    ['UTF-8', Buffer.from(AGENTS_CSV), 'utf-8'],
    ['UTF-8 with a BOM', Buffer.concat([BOM, Buffer.from(AGENTS_CSV)]), 'utf-8'],
    ['UTF-16 LE with a BOM (Excel "Unicode Text")', iconv.encode(AGENTS_CSV, 'utf-16le', { addBOM: true }), 'utf-16le'],
    ['UTF-16 BE with a BOM', iconv.encode(AGENTS_CSV, 'utf-16be', { addBOM: true }), 'utf-16be'],
    ['UTF-16 LE without a BOM', iconv.encode(AGENTS_CSV, 'utf-16le'), 'utf-16le'],
    ['UTF-16 BE without a BOM', iconv.encode(AGENTS_CSV, 'utf-16be'), 'utf-16be'],
  ] as const)('%s: read as it was written, no notice', (_name, bytes, encoding) => {
    const decoded = decodeCsv(bytes);
    expect(decoded).toEqual({ text: AGENTS_CSV, encoding });
    expect(parseAgentsCsv(decoded.text)).toHaveLength(6);
  });

  it('Windows-1258 (tone marks as separate bytes) is converted to the same NFC text, with a notice saying how to save UTF-8', () => {
    const bytes = encodeWindows1258(AGENTS_CSV);
    expect(bytes.toString('utf8')).not.toBe(AGENTS_CSV);
    const decoded = decodeCsv(bytes, 'agents.csv');
    expect(decoded.text).toBe(AGENTS_CSV);
    expect(decoded.encoding).toBe('windows-1258');
    expect(decoded.notice).toMatch(/^agents\.csv is in Windows-1258 .*converted\. Save it as UTF-8: in Excel/);
    expect(parseAgentsCsv(decoded.text).map((a) => a.name)).toContain('Nguyễn Văn Mẫu');
  });

  it('another 8-bit or a CJK encoding is refused with how to save as UTF-8, nothing guessed', () => {
    for (const bytes of [iconv.encode('id,name\nA1,Büro Zürich Öl Straße\n', 'latin1'), iconv.encode('id,name\nA1,東京都千代田区の郵便局\n', 'shift_jis')]) {
      let thrown: unknown;
      try {
        decodeCsv(bytes, 'agents.csv');
      } catch (err) {
        thrown = err;
      }
      expect(isAppError(thrown, ErrorCodes.CSV_ENCODING_UNSUPPORTED)).toBe(true);
      expect((thrown as Error).message).toMatch(/^agents\.csv is not UTF-8 text .*Save it as UTF-8: in Excel, File → Save As → "CSV UTF-8/);
    }
  });
});

describe('reading a CSV as staff save it: separator', () => {
  it('`;` (Excel where the decimal mark is a comma) or `,`, from the header; quoted fields do not count', () => {
    expect(detectSeparator('id;name;kind\nA1;"x, y";post_office\n')).toBe(';');
    expect(detectSeparator('id,name,kind\nA1,"a;b;c;d",post_office\n')).toBe(',');
    expect(detectSeparator('"a;b;c",x,y\n')).toBe(',');
  });

  it('a semicolon file parses to the same agents as the comma file', () => {
    const semicolons = AGENTS_CSV.split('\n').map((line) => {
      let quoted = false;
      return [...line].map((c) => (c === '"' ? ((quoted = !quoted), c) : c === ',' && !quoted ? ';' : c)).join('');
    }).join('\n');
    expect(semicolons).not.toBe(AGENTS_CSV);
    expect(parseAgentsCsv(semicolons)).toEqual(parseAgentsCsv(AGENTS_CSV));
  });
});
