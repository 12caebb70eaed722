/**
 * The scheduler holds no chunk longer than it needs: a chunk already combined can be
 * collected while the run goes on. (It once raced every pull of the source against one
 * promise living as long as the run, and each race kept its chunk reachable: a 3 M-record
 * stream held every record until the end.)
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { schedule } from '../../src/parallel/engine/schedule.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

describe('schedule and memory', () => {
  it('a combined chunk is collectable while the run is still going', async () => {
    const refs: WeakRef<object>[] = [];
    async function* chunks() {
      for (let index = 0; index < 40; index++) {
        const items = { payload: new Array(10_000).fill(index) };
        refs.push(new WeakRef(items));
        yield { index, items };
      }
    }
    let seen = 0;
    let collectedMidRun = false;
    for await (const outcome of schedule(chunks(), async (c) => c.items.payload.length, {
      maxInFlight: 2,
      retries: 0,
      ordered: true,
      label: 'test',
    })) {
      expect(outcome.value).toBe(10_000);
      seen++;
      if (seen === 30) {
        gc();
        await new Promise((r) => setImmediate(r));
        gc();
        collectedMidRun = refs.slice(0, 20).every((r) => r.deref() === undefined);
      }
    }
    expect(seen).toBe(40);
    expect(collectedMidRun).toBe(true);
  });
});
