/**
 * `npm run messenger:profile [-- --dry-run]`: sets the Page's Messenger profile — Get Started button
 * (`#start:get_started`), Vietnamese greeting (default + vi_VN), persistent menu (`#intent:menu`,
 * `#intent:contribution`, `#intent:human`) — through the same Graph client the bot sends with. Reads the
 * MESSENGER_* variables via loadConfig. Idempotent: only fields that differ from the Page's current profile
 * are posted, so a second run changes nothing.
 */
import { createMessengerClient } from '../channels/messenger/client.ts';
import { MESSENGER_PROFILE, syncMessengerProfile } from '../channels/messenger/profile.ts';
import { loadConfig } from '../config.ts';
import { isAppError } from '../errors.ts';
import { createLogger } from '../log.ts';
import { EXIT_FAILURE, parseCli, runCli } from './args.ts';

const SPEC = {
  name: 'npm run messenger:profile',
  usage: `usage: npm run messenger:profile [-- --dry-run]
Sets the Page's Get Started button, greeting and persistent menu (only the fields that differ from the Page's
current profile). Needs MESSENGER_APP_ID, MESSENGER_APP_SECRET, MESSENGER_VERIFY_TOKEN, MESSENGER_PAGE_ACCESS_TOKEN.
  --dry-run    show what would change, change nothing
  -h, --help   print this
Exit codes: 0 done, 1 failed (Graph API error), 2 usage error or Messenger not configured.`,
  options: { 'dry-run': { type: 'boolean', default: false } },
} as const;

async function main(): Promise<number> {
  const { values } = parseCli(SPEC);
  const config = loadConfig();
  if (!config.messenger) {
    console.error('Messenger is off: set MESSENGER_APP_ID, MESSENGER_APP_SECRET, MESSENGER_VERIFY_TOKEN and MESSENGER_PAGE_ACCESS_TOKEN.');
    return 2;
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
  return 0;
}

await runCli(async () => {
  try {
    return await main();
  } catch (err) {
    // A Graph error's details (code, subcode, fbtrace_id) are what Meta support asks for.
    if (isAppError(err)) {
      console.error(`${err.code}: ${err.message} ${JSON.stringify(err.details)}`);
      return EXIT_FAILURE;
    }
    throw err;
  }
});
