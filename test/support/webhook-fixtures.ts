import { execFileSync } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Our webhook fixtures (test/fixtures/webhooks, see its README): one exact request body per file. */
const OURS = new URL('../fixtures/webhooks/', import.meta.url);

/** The keys the fixtures are signed with in the tests (the channel helpers configure the same ones). */
export const TEST_ZALO_OA_SECRET_KEY = 'test-oa-secret-key';
export const TEST_MESSENGER_APP_SECRET = 'test-app-secret';

export interface WebhookFixtures {
  names: string[];
  /** A fixture's exact bytes. */
  bytes(name: string): Buffer;
  /** Each fixture's signature header value, as the platform would send it. */
  signatures: Record<string, string>;
}

/**
 * The header value each platform sends, computed here from the documented recipes with node:crypto rather than with
 * src/channels' verifiers, so a verifier bug cannot hide behind its own output:
 * Zalo `X-ZEvent-Signature: mac=` sha256(app_id + raw body + timestamp + OA secret key), app_id and timestamp read
 * from the body; Messenger `X-Hub-Signature-256: sha256=` HMAC-SHA256(app secret, raw body).
 */
export function platformSignature(platform: 'zalo' | 'messenger', raw: Buffer): string {
  if (platform === 'messenger') return `sha256=${createHmac('sha256', TEST_MESSENGER_APP_SECRET).update(raw).digest('hex')}`;
  const { app_id: appId, timestamp } = JSON.parse(raw.toString('utf8')) as { app_id: string; timestamp: string };
  const mac = createHash('sha256').update(appId, 'utf8').update(raw).update(timestamp, 'utf8').update(TEST_ZALO_OA_SECRET_KEY, 'utf8');
  return `mac=${mac.digest('hex')}`;
}

function load(dir: URL, sign: (name: string, raw: Buffer) => string): WebhookFixtures {
  const names = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  const bytes = (name: string): Buffer => readFileSync(new URL(name, dir));
  return { names, bytes, signatures: Object.fromEntries(names.map((name) => [name, sign(name, bytes(name))])) };
}

export function webhookFixtures(platform: 'zalo' | 'messenger'): WebhookFixtures {
  return load(new URL(`${platform}/`, OURS), (_name, raw) => platformSignature(platform, raw));
}

/**
 * The reference fixtures in ../shared/fixtures/webhooks (for the cross-check suite only), signed by the script that
 * comes with them, with its default test keys (the same as ours).
 */
export function sharedWebhookFixtures(sharedDir: URL, platform: 'zalo' | 'messenger'): WebhookFixtures {
  const root = new URL('fixtures/webhooks/', sharedDir);
  const dir = new URL(`${platform}/`, root);
  return load(dir, (name) =>
    execFileSync(process.execPath, [fileURLToPath(new URL('sign.mjs', root)), platform, fileURLToPath(new URL(name, dir))], {
      encoding: 'utf8',
      // An empty variable means the script's default key, whatever this machine's environment says.
      env: { ...process.env, ZALO_OA_SECRET_KEY: '', MESSENGER_APP_SECRET: '' },
    }).trim(),
  );
}
