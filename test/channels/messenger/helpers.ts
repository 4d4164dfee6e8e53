import { TEST_MESSENGER_APP_SECRET, webhookFixtures } from '../../support/webhook-fixtures.ts';
import type { MessengerConfig } from '../../../src/config.ts';

/** The ids in test/fixtures/webhooks/messenger (see write-fixtures.mjs). */
export const APP_ID = '1739502846615027';
export const APP_SECRET = TEST_MESSENGER_APP_SECRET;
export const PAGE_ID = '2047318596624810';
export const PAGE_INBOX_APP_ID = '263902037430900';
export const PSID_A = '31847260591738264';
export const PSID_B = '27730591846620357';
export const GRAPH = 'https://graph.facebook.test';
export const VERSION = 'v25.0';
export const TOKEN = 'page-token';

export function messengerConfig(overrides: Partial<MessengerConfig> = {}): MessengerConfig {
  return {
    appId: APP_ID,
    appSecret: APP_SECRET,
    verifyToken: 'verify-me',
    pageAccessToken: TOKEN,
    graphBaseUrl: GRAPH,
    graphVersion: VERSION,
    ratePerSecond: 300,
    ...overrides,
  };
}

const fixtures = webhookFixtures('messenger');

/** The fixture's exact bytes. */
export const fixture = fixtures.bytes;
export const fixtureNames: string[] = fixtures.names;
/** The signature the platform would send with each fixture. */
export const signatures: Record<string, string> = fixtures.signatures;
