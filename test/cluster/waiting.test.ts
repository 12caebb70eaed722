// What a cluster run says it waits for: the decision from observed state (no clock, no Redis),
// the re-queue estimate from the stalled-check key, and the watch's reporting (fake Redis,
// injected clock).
import { describe, expect, it } from 'vitest';
import * as _ from '../../src/cluster/waiting.js';
import { stalledCheckEvery } from '../../src/cluster/worker.js';

const ready = { where: 'redis://127.0.0.1:6379', status: 'ready', silentMs: 0, timeoutMs: 10_000 };
const state = (over: Partial<_.WaitingState> = {}): _.WaitingState => ({
  queue: 'wc',
  pending: 4,
  workers: 2,
  workersSeen: true,
  workerTimeout: 30_000,
  redis: ready,
  ...over,
});
const running = (index: number): _.ChunkLook => ({
  index,
  active: true,
  lockTtl: 8_000,
  marked: true,
});
const lapsed = (index: number, marked: boolean): _.ChunkLook => ({
  index,
  active: true,
  lockTtl: -2,
  marked,
});

describe('waitingReason', () => {
  it('says nothing while chunks run on live workers, or when nothing is pending', () => {
    expect(_.waitingReason(state({ chunks: [running(0), running(1)] }))).toBeUndefined();
    expect(_.waitingReason(state({ pending: 0, workers: 0 }))).toBeUndefined();
    // A chunk waiting in the queue (not taken yet) is not a stall.
    const queued = { index: 0, active: false, lockTtl: -2, marked: false };
    expect(_.waitingReason(state({ chunks: [queued] }))).toBeUndefined();
  });

  it('no worker on the queue: "yet" before one was seen, "any more" after, with the countdown', () => {
    expect(_.waitingReason(state({ workers: 0, workersSeen: false, noWorkerMs: 12_000 }))).toBe(
      "no worker connected to queue 'wc' yet: start one (polyfold worker --queue wc --tasks …); the run fails in ~18 s without one",
    );
    expect(_.waitingReason(state({ workers: 0, workerTimeout: 0 }))).toBe(
      "no worker connected to queue 'wc' any more: start one (polyfold worker --queue wc --tasks …)",
    );
    // Workers that cannot be counted (CLIENT LIST refused) are never reported missing.
    expect(_.waitingReason(state({ workers: undefined }))).toBeUndefined();
  });

  it("a chunk whose lock lapsed: its worker stopped responding, re-queued at the stalled check's next tick", () => {
    const check = { ttl: 1_200, ranAt: 100_000, now: 100_466 };
    // Marked by the last check: the next one (in 1.2 s) re-queues it.
    expect(_.waitingReason(state({ chunks: [running(2), lapsed(3, true)], check }))).toBe(
      "chunk 3's worker stopped responding (its lock lapsed); it will be re-queued in ~1 s",
    );
    // Not marked yet: the next check marks it, the one after (an interval of 1 666 ms) moves it.
    expect(_.waitingReason(state({ chunks: [lapsed(7, false)], check }))).toBe(
      "chunk 7's worker stopped responding (its lock lapsed); it will be re-queued in ~3 s",
    );
    // No check ran lately: no estimate, but the reason.
    expect(
      _.waitingReason(
        state({ chunks: [lapsed(7, false)], check: { ttl: -2, ranAt: undefined, now: 0 } }),
      ),
    ).toBe(
      "chunk 7's worker stopped responding (its lock lapsed); the next stalled check of a live worker re-queues it",
    );
  });

  it('a stalled chunk with no worker left: nobody can re-queue it', () => {
    expect(_.waitingReason(state({ workers: 0, chunks: [lapsed(5, true)] }))).toBe(
      "chunk 5's worker stopped responding (its lock lapsed) and no worker is connected to queue 'wc' to re-queue it: start one (polyfold worker --queue wc --tasks …)",
    );
  });

  it('Redis first: reconnecting, or silent for a while, with the time left before the run fails', () => {
    const down = { ...ready, status: 'reconnecting', silentMs: 3_000 };
    expect(_.waitingReason(state({ workers: 0, chunks: [lapsed(1, true)], redis: down }))).toBe(
      'Redis at redis://127.0.0.1:6379 is not answering: reconnecting; the run fails in ~7 s if it does not come back',
    );
    expect(_.waitingReason(state({ redis: { ...ready, silentMs: _.SILENCE_MS - 1 } }))).toBe(
      undefined,
    );
    expect(_.waitingReason(state({ redis: { ...ready, silentMs: 4_000 } }))).toBe(
      'Redis at redis://127.0.0.1:6379 has not answered for ~4 s; the run fails in ~6 s if it does not',
    );
  });
});

describe('requeueIn', () => {
  it('marked: at the next check; unmarked: one check interval after that; under a second is said so', () => {
    const check = { ttl: 400, ranAt: 9_000, now: 10_600 }; // interval: 1 600 + 400
    expect(_.requeueIn(lapsed(0, true), check)).toBe(400);
    expect(_.requeueIn(lapsed(0, false), check)).toBe(2_400);
    expect(_.requeueIn(lapsed(0, true), { ...check, ttl: -2 })).toBe(0);
    expect(_.waitingReason(state({ chunks: [lapsed(0, true)], check }))).toContain(
      're-queued in under a second',
    );
  });
});

describe('stalledCheckEvery', () => {
  // The recovery bound of worker.ts: a chunk started after the last check, on the worker that
  // ran it, is re-queued within max(3 p, lockDuration + p) of the kill.
  it('checks often enough that max(3 p, lock + p) ≤ lock + stalledInterval', () => {
    for (const lock of [1, 500, 1_000, 10_000, 30_000]) {
      for (const stalled of [3, 500, 1_000, 5_000, 30_000, 120_000]) {
        const p = stalledCheckEvery(stalled);
        expect(p).toBeGreaterThanOrEqual(1);
        expect(Math.max(3 * p, lock + p)).toBeLessThanOrEqual(lock + stalled);
      }
    }
  });
});

/** A fake of what the watch reads: one pending chunk's state and the stalled-check key. */
function fakeRedis() {
  const redis = {
    status: 'ready',
    workers: 1 as number | Error,
    active: new Set<string>(),
    locks: new Map<string, number>(),
    stalled: new Set<string>(),
    check: { ttl: 500, ranAt: 1_000, now: 1_500 },
    fail: undefined as Error | undefined,
  };
  const client: _.WatchedClient = {
    get status() {
      return redis.status;
    },
    multi() {
      const ops: Array<() => unknown> = [];
      const tx = {
        lpos: (_key: string, id: string) => ops.push(() => (redis.active.has(id) ? 0 : null)),
        pttl: (key: string) =>
          ops.push(() =>
            key.endsWith('stalled-check')
              ? redis.check.ttl
              : (redis.locks.get(key.slice('q:'.length, -':lock'.length)) ?? -2),
          ),
        sismember: (_key: string, id: string) => ops.push(() => (redis.stalled.has(id) ? 1 : 0)),
        get: () => ops.push(() => String(redis.check.ranAt)),
        time: () =>
          ops.push(() => [
            String(Math.floor(redis.check.now / 1_000)),
            String((redis.check.now % 1_000) * 1_000),
          ]),
        exec: async () => {
          if (redis.fail) throw redis.fail;
          return ops.map((op) => [null, op()] as [Error | null, unknown]);
        },
      };
      return tx;
    },
  };
  const queue: _.WatchedQueue = {
    toKey: (type) => `q:${type}`,
    getWorkersCount: async () => {
      if (redis.workers instanceof Error) throw redis.workers;
      return redis.workers;
    },
  };
  return { redis, client, queue };
}

describe('watchWaiting', () => {
  const setup = () => {
    const fake = fakeRedis();
    let clock = 0;
    const said: Array<string | undefined> = [];
    const watch = _.watchWaiting({
      client: fake.client,
      queue: fake.queue,
      queueName: 'wc',
      runId: 'run',
      connection: 'redis://127.0.0.1:6379',
      redisTimeout: 10_000,
      workerTimeout: 30_000,
      onWaiting: (reason) => said.push(reason),
      now: () => clock,
    });
    return { ...fake, watch, said, tick: (ms: number) => (clock += ms) };
  };

  it('reports a reason when it changes, not at every look, and undefined once it is over', async () => {
    const { redis, watch, said, tick } = setup();
    redis.workers = 0;
    await watch.look([0, 1]);
    tick(1_000);
    await watch.look([0, 1]);
    expect(said).toEqual([
      "no worker connected to queue 'wc' yet: start one (polyfold worker --queue wc --tasks …); the run fails in ~30 s without one",
      // The countdown moved a second, which is a new reason; the same reason is not repeated.
      "no worker connected to queue 'wc' yet: start one (polyfold worker --queue wc --tasks …); the run fails in ~29 s without one",
    ]);
    redis.workers = 1;
    redis.active.add('run-0');
    redis.locks.set('run-0', 9_000);
    await watch.look([0, 1]);
    await watch.look([0, 1]);
    expect(said.slice(2)).toEqual([undefined]);
  });

  it('a chunk whose lock is gone, then re-queued (no longer active): said, then cleared', async () => {
    const { redis, watch, said } = setup();
    redis.active.add('run-4');
    redis.stalled.add('run-4');
    await watch.look([4, 5]);
    expect(said).toEqual([
      "chunk 4's worker stopped responding (its lock lapsed); it will be re-queued in under a second",
    ]);
    // Progress moved (chunk 5 combined) and chunk 4 still waits: said again for the cleared display.
    await watch.look([4]);
    expect(said).toHaveLength(2);
    expect(said[1]).toBe(said[0]);
    redis.active.delete('run-4');
    await watch.look([4]);
    expect(said[2]).toBeUndefined();
  });

  it('Redis silent: said by `silent`; a short silence on a ready connection is not', async () => {
    const { redis, watch, said } = setup();
    watch.silent(_.SILENCE_MS - 1);
    expect(said).toEqual([]);
    redis.status = 'reconnecting';
    watch.silent(500);
    expect(said).toEqual([
      'Redis at redis://127.0.0.1:6379 is not answering: reconnecting; the run fails in ~10 s if it does not come back',
    ]);
  });

  it('never throws: connection trouble is left to the watchdog; a refused CLIENT LIST or LPOS says less', async () => {
    const { redis, watch, said } = setup();
    redis.fail = new Error('Connection is closed.');
    await expect(watch.look([0])).resolves.toBeUndefined();
    expect(said).toEqual([]);
    redis.fail = new Error("ERR unknown command 'lpos'");
    redis.workers = new Error('NOPERM this user has no permissions to run the client command');
    await expect(watch.look([0])).resolves.toBeUndefined();
    // Neither workers nor chunks can be judged: nothing worth saying.
    expect(said).toEqual([]);
  });
});
