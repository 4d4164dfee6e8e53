import { describe, it } from 'vitest';
import { createFlowEngine } from '../../src/conversation/index.ts';
import { fakeZalo, loadScenarios, runScenario, type TranscriptChannel } from './runner.ts';
import { realMessenger } from './messenger-channel.ts';
import { realZalo } from './zalo-channel.ts';

/**
 * Channels the transcripts run on: the test double, and the real Zalo and Messenger adapters behind the real
 * webhook route (signed platform bodies in, the platform APIs on nock out). Every scenario runs on each channel it
 * allows, with and without diacritics in what the user types.
 */
const channels: { label: string; channel: TranscriptChannel }[] = [
  { label: 'the test channel', channel: fakeZalo },
  { label: 'Zalo (signed webhooks, CS API on nock)', channel: realZalo },
  { label: 'Messenger (signed webhooks, Send API on nock)', channel: realMessenger },
];

const engine = createFlowEngine();

for (const { label, channel } of channels) {
  describe(`transcripts on ${label}`, () => {
    for (const { file, scenario } of loadScenarios()) {
      if (scenario.channels && !scenario.channels.includes(channel.name)) continue;
      for (const stripped of [false, true]) {
        it(`${file}: ${scenario.name}${stripped ? ' (no diacritics)' : ''}`, async () => {
          await runScenario(scenario, { channel, engine, stripped, agentChannel: realZalo });
        });
      }
    }
  });
}
