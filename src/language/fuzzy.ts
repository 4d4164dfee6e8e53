/** Edit distance, re-exported so the rest of the module has one import point. */
export { distance as levenshtein } from 'fastest-levenshtein';
