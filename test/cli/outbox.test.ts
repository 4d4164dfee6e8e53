import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/args.ts';
import { outboxCli } from '../../src/cli/outbox.ts';
import { createSendToUser } from '../../src/outbound/batch.ts';
import { deadLetterEntry } from '../../src/outbound/dead-letter.ts';
import type { OutboundJob } from '../../src/outbound/types.ts';
import { keys } from '../../src/store/keys.ts';
import { MemoryStore } from '../../src/store/memory-store.ts';

class Exit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

function recorder(): CliIo & { printed: string[]; errors: string[] } {
  const printed: string[] = [];
  const errors: string[] = [];
  return { printed, errors, out: (t) => void printed.push(t), err: (t) => void errors.push(t), exit: (code): never => { throw new Exit(code); } };
}

const parkedJob = (userId: string, cause: string): OutboundJob => ({
  channel: 'zalo', userId, seq: 1, cause, messages: [{ kind: 'text', text: 'Số điện thoại cán bộ: 0912 345 678' }, { kind: 'text', text: 'b' }], sent: 1, queuedAt: 1,
});

async function setup() {
  const store = new MemoryStore();
  await store.setAll([deadLetterEntry(parkedJob('u1', 'e1'), 'outside_window', undefined, Date.parse('2026-12-01T00:00:00Z'))]);
  await store.setAll([deadLetterEntry(parkedJob('u2', 'e2'), 'rejected', 'BHXH_ZALO_RECIPIENT', Date.parse('2026-12-02T00:00:00Z'))]);
  const queued: OutboundJob[] = [];
  const sendToUser = createSendToUser(store, (job) => void queued.push(job));
  return { store, queued, run: (...argv: string[]) => { const io = recorder(); return outboxCli(argv, io, { store, sendToUser, now: () => 10_000 }).then((code) => ({ code, ...io })); } };
}

describe('npm run outbox', () => {
  it('list: every parked batch, oldest first, with its reason and code, never the message texts', async () => {
    const { run } = await setup();
    const { code, printed } = await run('list');
    expect(code).toBe(0);
    expect(printed[0]).toBe('2 parked batches; 0 waiting for delivery, oldest 0 s');
    expect(printed.slice(1)).toEqual([
      'zalo:u1:e1\t2026-12-01T00:00:00.000Z\toutside_window\t-\t1 message',
      'zalo:u2:e2\t2026-12-02T00:00:00.000Z\trejected\tBHXH_ZALO_RECIPIENT\t1 message',
    ]);
    expect(printed.join('\n')).not.toMatch(/0912/);
    const json = JSON.parse((await run('list', '--json')).printed[0]!) as { total: number; parked: { id: string }[] };
    expect([json.total, json.parked.map((p) => p.id)]).toEqual([2, ['zalo:u1:e1', 'zalo:u2:e2']]);
  });

  it('retry queues the unsent messages as a new batch for the user and removes the entry; drop removes it', async () => {
    const { run, queued, store } = await setup();
    expect((await run('retry', 'zalo:u1:e1')).code).toBe(0);
    expect(queued.map((j) => [j.userId, j.seq, j.messages.length])).toEqual([['u1', 1, 1]]);
    expect(await store.get(keys.outSeq('zalo', 'u1'))).toBe('1');
    expect((await run('drop', '--all')).printed).toEqual(['dropped: 1']);
    expect((await run('list')).printed).toEqual(['0 parked batches; 1 waiting for delivery, oldest 0 s']);
    const missing = await run('drop', 'zalo:u9:nope');
    expect([missing.code, missing.errors]).toEqual([1, ['npm run outbox: no parked batch zalo:u9:nope']]);
  });

  it('a usage mistake is one line and the usage, exit 2', async () => {
    const { run } = await setup();
    for (const argv of [[], ['retry'], ['retry', 'x', '--all'], ['list', '--limit', '0'], ['purge']]) {
      const result = await run(...argv).catch((e: unknown) => e);
      expect(result, argv.join(' ')).toBeInstanceOf(Exit);
      expect((result as Exit).code).toBe(2);
    }
  });
});
