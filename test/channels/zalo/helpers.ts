import { TEST_ZALO_OA_SECRET_KEY, webhookFixtures } from '../../support/webhook-fixtures.ts';
import type { ZaloConfig } from '../../../src/config.ts';

/** The ids in test/fixtures/webhooks/zalo (see write-fixtures.mjs). */
export const APP_ID = '4827016395518274603';
export const OA_ID = '2951847306617283945';
export const OA_SECRET = TEST_ZALO_OA_SECRET_KEY;
export const USER_A = '7306518842290137165';
export const USER_B = '5582039174461928830';
export const API = 'https://openapi.zalo.test';
export const OAUTH = 'https://oauth.zalo.test';

export function zaloConfig(overrides: Partial<ZaloConfig> = {}): ZaloConfig {
  return {
    appId: APP_ID,
    appSecret: 'test-app-secret',
    oaSecretKey: OA_SECRET,
    refreshToken: 'env-refresh',
    accessToken: undefined,
    apiBaseUrl: API,
    oauthBaseUrl: OAUTH,
    ratePerMinute: 4_000,
    ...overrides,
  };
}

const fixtures = webhookFixtures('zalo');

/** The fixture's exact bytes. */
export const fixture = fixtures.bytes;
export const fixtureNames: string[] = fixtures.names;
/** The signature the platform would send with each fixture. */
export const signatures: Record<string, string> = fixtures.signatures;
