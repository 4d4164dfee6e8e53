import { describe, expect, it } from 'vitest';
import { isAppError, ErrorCodes } from '../src/errors.ts';
import { parseJsonFile } from '../src/json-file.ts';

describe('parseJsonFile', () => {
  it('parses JSON, ignoring a byte order mark', () => {
    expect(parseJsonFile('\uFEFF{"a":1}', 'x.json')).toEqual({ a: 1 });
  });

  it('names the file, line and column of a syntax error (BHXH_DATA_FILE_INVALID)', () => {
    let thrown: unknown;
    try {
      parseJsonFile('{\n  "a": 1\n  "b": 2\n}', 'locales/vi/common.json');
    } catch (err) {
      thrown = err;
    }
    expect(isAppError(thrown, ErrorCodes.DATA_FILE_INVALID)).toBe(true);
    expect((thrown as Error).message).toMatch(/^locales\/vi\/common\.json:3:3: /);
    expect((thrown as Error).message).toBe('locales/vi/common.json:3:3: comma expected');
  });

  it('an unfinished file points at its end', () => {
    expect(() => parseJsonFile('{\n  "a":', 'x.json')).toThrow(/^x\.json:2:\d+: /);
  });
});
