// InvalidArgumentError suggests a fix only when it is code that runs as pasted.
import { describe, expect, it } from 'vitest';
import { startWorker } from '../../src/cluster/index.js';
import * as _ from '../../src/functional/index.js';

function messageOf(call: () => unknown): string {
  try {
    call();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected an error');
}

describe('suggested fixes', () => {
  it('a one-argument combinator gets a complete call', () => {
    expect(messageOf(() => _.take(-1))).toMatch(/For example: take\(3\)$/);
    expect(messageOf(() => _.chunk(0))).toMatch(/For example: chunk\(3\)$/);
    expect(messageOf(() => _.folds.topK(-2))).toMatch(/For example: folds\.topK\(3\)$/);
  });

  it('an option gets the options object it belongs in', () => {
    expect(messageOf(() => _.local({ chunkSize: 0 }))).toMatch(/For example: \{ chunkSize: 2 \}$/);
  });

  it('no fix when none would be certain: a function argument, repeat(x, n), a task path', async () => {
    expect(messageOf(() => _.map(42 as never))).toBe(
      'map: f must be a function, got the number 42.',
    );
    expect(messageOf(() => _.repeat('x', -1))).not.toMatch(/For example/);
    const error = await startWorker({
      connection: 'redis://127.0.0.1:1',
      queue: 'q',
      tasks: [42 as never],
    }).catch((e: Error) => e);
    expect((error as Error).message).toMatch(/options\.tasks\[0\] must be .*got the number 42\.$/);
    expect((error as Error).message).not.toMatch(/startWorker\(options/);
  });
});
