import { existsSync } from 'node:fs';

/**
 * The project's reference folder beside the repository (../shared: domain notes, reference fixtures, place data).
 * A clone does not have it; only the cross-check suite (test/cross-check/) reads it, and skips with one line when absent.
 */
export const SHARED_DIR = new URL('../../../shared/', import.meta.url);
export const sharedFolderPresent = existsSync(new URL('fixtures/', SHARED_DIR));
