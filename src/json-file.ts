import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { AppError, ErrorCodes } from './errors.ts';

/** 1-based line and column of a character offset. */
function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}

/** `CommaExpected` → `comma expected`. */
const readable = (code: string): string => code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();

/**
 * Strict JSON for the files office staff edit, with the file and line in the error
 * (`locales/vi/common.json:12:5: comma expected`), as BHXH_DATA_FILE_INVALID. JSON.parse does not say where every
 * error is (Node 20: "Unexpected token ']' … is not valid JSON"), so the file is read with jsonc-parser (VS Code's
 * JSON scanner), which gives each error's offset; comments and trailing commas are errors, as in JSON.
 */
export function parseJsonFile(text: string, file: string): unknown {
  const body = text.replace(/^\uFEFF/, '');
  const errors: ParseError[] = [];
  const value: unknown = parse(body, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (first) {
    const { line, column } = position(body, first.offset);
    throw new AppError(ErrorCodes.DATA_FILE_INVALID, `${file}:${line}:${column}: ${readable(printParseErrorCode(first.error))}`, { details: { file, line, column } });
  }
  return value;
}
