import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { zaloEvent, type SignedRequest } from '../../bench/events.ts';
import { expectedReplies, isSubsequence, newUser, setup, sigtermMidBurst, start, trackedProcesses } from './process-walkers.ts';
import { waitFor } from './runtime-app.ts';

/**
 * Graceful shutdown (SIGTERM) of the real app process in the two situations where "drain in-flight work" is
 * hardest: a kept-alive connection that keeps bringing requests, and a slow platform that leaves a backlog of
 * replies in the queue.
 */

const { procs, onCleanup } = trackedProcesses();

describe('graceful shutdown on a kept-alive connection', () => {
  /** A raw HTTP/1.1 client on one socket, so the test controls exactly when each byte goes out. */
  function rawClient(port: number) {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    let ended = false;
    socket.on('data', (d: Buffer) => (received += d.toString('latin1')));
    socket.on('end', () => (ended = true));
    socket.on('close', () => (ended = true));
    socket.on('error', () => (ended = true));
    const head = (req: SignedRequest) =>
      `POST ${req.path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\n` +
      `X-ZEvent-Signature: ${req.headers['x-zevent-signature']}\r\nContent-Length: ${Buffer.byteLength(req.body)}\r\n\r\n`;
    return {
      write: (s: string) => new Promise<void>((resolve) => socket.write(s, () => resolve())),
      head,
      responses: () => received.split(/(?=HTTP\/1\.1 \d{3})/).filter((r) => r.startsWith('HTTP/1.1')),
      get ended() {
        return ended;
      },
      destroy: () => socket.destroy(),
    };
  }

  it('SIGTERM while a request is in flight → that request is answered, the connection is not kept for more', async () => {
    const { platform, env } = await setup('sigterm-keepalive', onCleanup);
    const app = await start(env, procs);
    const port = Number(env['PORT']);
    const user = newUser();
    const inFlight = zaloEvent(user, { text: 'chao ban' });
    const after = zaloEvent(user, { text: 'thu nhap 5tr' });
    const client = rawClient(port);
    onCleanup(async () => {
      client.destroy();
    });

    // Headers and all but the last byte: the server is now inside this request.
    await client.write(client.head(inFlight) + inFlight.body.slice(0, -1));
    app.child.kill('SIGTERM');
    // Shutdown has begun once the listening socket is gone.
    await waitFor('new connections refused', () => fetch(`${app.base}/healthz`).then(() => false, () => true));
    await client.write(inFlight.body.slice(-1));
    await waitFor('the in-flight request answered', () => client.responses().length >= 1);
    const first = client.responses()[0]!;
    expect(first.startsWith('HTTP/1.1 200')).toBe(true);

    // A further request on the same socket must not be taken on by a process that is shutting down: either
    // the first response said `Connection: close` and the socket is closed, or the request is refused.
    const closes = /\r\nconnection: close\r\n/i.test(first);
    if (!client.ended) await client.write(client.head(after) + after.body).catch(() => {});
    await waitFor('the socket closed or a second answer', () => client.ended || client.responses().length >= 2, 15_000).catch(() => {});
    const second = client.responses()[1];
    expect({ connectionClose: closes, secondAnswer: second?.slice(0, 12) }).toEqual({ connectionClose: true, secondAnswer: undefined });
    client.destroy();
    expect(await app.exited).toEqual({ code: 0, signal: null });
    // The in-flight event was acknowledged, so it was answered before the process left.
    const want = (await expectedReplies(user, [inFlight]))[0]!;
    expect(isSubsequence(want, platform.to(user).map((a) => a.text))).toBe(true);
  }, 60_000);

  it('SIGTERM while the platform is slow (1.5 s a send) → exit 0 only after every acknowledged event is answered', async () => {
    // Sends take 1.5 s: the queue holds a backlog when SIGTERM comes, and the exit must wait for it.
    await sigtermMidBurst('sigterm-slow', onCleanup, procs, 1_500);
  }, 90_000);
});
