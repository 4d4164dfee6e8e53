/**
 * Our utterance tables (test/fixtures/utterances/*.tsv: sentences written for these tests) through the parsers.
 * The reference tables in ../shared run in test/cross-check/ when that folder is there.
 */
import { describe, it } from 'vitest';
import { evaluateUtterances, UTTERANCE_FILES } from './utterances.ts';

const DIR = new URL('../fixtures/utterances/', import.meta.url);

describe('utterance tables (test/fixtures/utterances)', () => {
  it.each(UTTERANCE_FILES)('%s', (file) => evaluateUtterances(DIR, file));
});
