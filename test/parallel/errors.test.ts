// The messages of the errors a user meets first.
import { describe, expect, it } from 'vitest';
import { folds, map, pipeline, run } from '../../src/functional/index.js';
import * as _ from '../../src/parallel/index.js';

describe('TaskFailedError messages', () => {
  it.each([
    ['thirteen', 'tokenize failed on chunk 3: thirteen. The worker stack is in `cause`.'],
    [
      'the worker exited with code 1.',
      'tokenize failed on chunk 3: the worker exited with code 1. The worker stack is in `cause`.',
    ],
    ['what?', 'tokenize failed on chunk 3: what? The worker stack is in `cause`.'],
    ['', 'tokenize failed on chunk 3: no message. The worker stack is in `cause`.'],
  ])('end each sentence once (%j)', (reason, message) => {
    const e = new _.TaskFailedError('tokenize', 3, new Error(reason));
    expect(e.message).toBe(message);
    expect(e.message).not.toContain('..');
  });
});

describe('suggested fixes are code that runs as pasted, or absent', () => {
  it('threads({ workers: 0 }) suggests an options object, not threads(options.workers)', () => {
    expect(() => _.threads({ workers: 0 })).toThrow(
      /^threads: options\.workers must be a positive integer, got the number 0\. For example: \{ workers: 2 \}$/,
    );
  });

  it('run(42) suggests a whole run call, not run(job)', async () => {
    const error = await run(42 as never, [1]).catch((e: Error) => e);
    expect((error as Error).message).toMatch(
      /For example: run\(pipeline\(map\(\(x: number\) => x \* 2\)\)\.fold\(folds\.sum\(\)\), \[1, 2, 3\]\)$/,
    );
    // …and the suggestion runs.
    expect(await run(pipeline(map((x: number) => x * 2)).fold(folds.sum()), [1, 2, 3])).toBe(12);
  });

  it('an argument with no certain fix gets none', () => {
    expect(() => _.defineTasks(42 as never, {})).toThrow(/got the number 42\.$/);
  });
});
