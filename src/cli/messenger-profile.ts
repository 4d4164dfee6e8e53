/**
 * `npm run messenger:profile [-- --dry-run]`: sets the Page's Messenger profile — Get Started button
 * (`#start:get_started`), Vietnamese greeting (default + vi_VN), persistent menu (`#intent:menu`,
 * `#intent:contribution`, `#intent:human`) — through the same Graph client the bot sends with. Reads the
 * MESSENGER_* variables via loadConfig. Idempotent: only fields that differ from the Page's current profile
 * are posted, so a second run changes nothing.
 */
import { parseArgs } from 'node:util';
import { createMessengerClient } from '../channels/messenger/client.ts';
import { MESSENGER_PROFILE, syncMessengerProfile } from '../channels/messenger/profile.ts';
import { loadConfig } from '../config.ts';
import { isAppError } from '../errors.ts';
import { createLogger } from '../log.ts';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'dry-run': { type: 'boolean', default: false } } });
  const config = loadConfig();
  if (!config.messenger) {
    console.error('Messenger is off: set MESSENGER_APP_ID, MESSENGER_APP_SECRET, MESSENGER_VERIFY_TOKEN and MESSENGER_PAGE_ACCESS_TOKEN.');
    process.exit(2);
  }
  const logger = createLogger(config.logLevel ?? 'warn');
  const client = createMessengerClient({ config: config.messenger, logger });
  const dryRun = values['dry-run'] === true;
  const result = await syncMessengerProfile(client, { dryRun });
  const target = `${config.messenger.graphBaseUrl}/${config.messenger.graphVersion}/me/messenger_profile`;
  console.log(`Messenger profile (${target}):`);
  for (const field of result.unchanged) console.log(`  = ${field}: already set`);
  for (const field of result.changed) {
    console.log(`  ${dryRun ? '~' : '✓'} ${field}: ${dryRun ? 'would set' : 'set'} ${JSON.stringify(MESSENGER_PROFILE[field])}`);
  }
  if (result.changed.length === 0) console.log('Nothing to change.');
}

main().catch((err: unknown) => {
  if (isAppError(err)) console.error(`${err.code}: ${err.message} ${JSON.stringify(err.details)}`);
  else console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
