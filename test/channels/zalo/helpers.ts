import { webhookFixtures } from '../../support/webhook-fixtures.ts';
import type { ZaloConfig } from '../../../src/config.ts';

export const APP_ID = '3608465249409039670';
export const OA_SECRET = 'test-oa-secret-key';
export const USER_A = '8415120965517823741';
export const USER_B = '6093177845201196563';
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
