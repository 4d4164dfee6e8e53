import { webhookFixtures } from '../../support/webhook-fixtures.ts';
import type { MessengerConfig } from '../../../src/config.ts';

export const APP_ID = '1493827160548213';
export const APP_SECRET = 'test-app-secret';
export const PAGE_ID = '1122334455667788';
export const PAGE_INBOX_APP_ID = '263902037430900';
export const PSID_A = '25173946082715367';
export const PSID_B = '9618203574410297';
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
