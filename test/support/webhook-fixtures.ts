import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The shared webhook fixtures (the platforms' exact bytes) beside the repo; tests read them, never copies. */
const SHARED = new URL('../../../shared/fixtures/webhooks/', import.meta.url);

export interface WebhookFixtures {
  names: string[];
  /** A fixture's exact bytes. */
  bytes(name: string): Buffer;
  /** Each fixture's signature header value, made by the shared signing script with its default test key. */
  signatures: Record<string, string>;
}

export function webhookFixtures(platform: 'zalo' | 'messenger'): WebhookFixtures {
  const dir = new URL(`${platform}/`, SHARED);
  const names = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  const signatures = Object.fromEntries(
    names.map((name) => [
      name,
      // An empty variable means the script's default key, whatever this machine's environment says.
      execFileSync(process.execPath, [fileURLToPath(new URL('sign.mjs', SHARED)), platform, fileURLToPath(new URL(name, dir))], {
        encoding: 'utf8',
        env: { ...process.env, ZALO_OA_SECRET_KEY: '', MESSENGER_APP_SECRET: '' },
      }).trim(),
    ]),
  );
  return { names, bytes: (name) => readFileSync(new URL(name, dir)), signatures };
}
