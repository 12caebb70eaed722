// The output formats (JSON shape, tables) and the progress bar, in-process.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { formatJSON, formatReadable, toJSONValue } from '../../src/cli/output.js';
import { createProgress, formatBytes } from '../../src/cli/progress.js';
import { Counter, dunder, HashMap, HashSet } from '../../src/protocols/index.js';

class Point {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
  [dunder.repr]() {
    return `Point(${this.x}, ${this.y})`;
  }
}

describe('toJSONValue: the documented shape', () => {
  it('Counter → [[key, count], …] most common first, ties in first-seen order', () => {
    expect(toJSONValue(new Counter(['b', 'a', 'a', 'c', 'b', 'a']))).toEqual([
      ['a', 3],
      ['b', 2],
      ['c', 1],
    ]);
    expect(toJSONValue(new Counter(['x', 'y', 'y']), 1)).toEqual([['y', 2]]);
  });

  it('HashMap and Map → pairs in insertion order; HashSet and Set → arrays; keys converted', () => {
    const m = new HashMap<unknown, unknown>([
      [[1, 2], 'pair'],
      ['s', new HashSet([1, 2])],
    ]);
    expect(toJSONValue(m)).toEqual([
      [[1, 2], 'pair'],
      ['s', [1, 2]],
    ]);
    expect(toJSONValue(new Map([['k', new Set(['v'])]]))).toEqual([['k', ['v']]]);
  });

  it('bigint → string, undefined → null, Date → ISO, class instances → their fields, cycles marked', () => {
    const cyclic: { self?: unknown; n: number } = { n: 1 };
    cyclic.self = cyclic;
    expect(
      toJSONValue({
        big: 12345678901234567890n,
        none: undefined,
        when: new Date(0),
        p: new Point(1, 2),
        cyclic,
        list: [undefined, 1n],
      }),
    ).toEqual({
      big: '12345678901234567890',
      none: null,
      when: '1970-01-01T00:00:00.000Z',
      p: { x: 1, y: 2 },
      cyclic: { n: 1, self: '[Circular]' },
      list: [null, '1'],
    });
    // The same object twice is not a cycle.
    const shared = { a: 1 };
    expect(toJSONValue([shared, shared])).toEqual([{ a: 1 }, { a: 1 }]);
  });

  it('formatJSON is one parseable document', () => {
    const text = formatJSON({ stats: new Counter('aab'), n: 2n });
    expect(text.endsWith('\n')).toBe(true);
    expect(JSON.parse(text)).toEqual({
      stats: [
        ['a', 2],
        ['b', 1],
      ],
      n: '2',
    });
  });
});

describe('formatReadable', () => {
  it('a Counter as a table of its most common keys; keys that need it are quoted', () => {
    const c = new Counter(['a', 'a', "don't", 'two words', 'a', "don't", '']);
    expect(formatReadable(c, 2)).toBe(
      [
        'Counter: 4 distinct keys, 7 in total; the 2 most common:',
        '  count  key',
        '      3  a',
        "      2  don't",
        '',
      ].join('\n'),
    );
    expect(formatReadable(c, 10)).toContain("      1  'two words'\n      1  ''\n");
    expect(formatReadable(new Counter(), 10)).toBe(
      'Counter: empty (the input had nothing to count)\n',
    );
  });

  it('a numeric map by value, a map of anything else in insertion order', () => {
    const byValue = new HashMap([
      [new Point(0, 0), 1],
      [new Point(1, 1), 5],
      [new Point(2, 2), 5],
    ]);
    expect(formatReadable(byValue, 2)).toBe(
      [
        'HashMap: 3 entries; the top 2 by value:',
        '  key          value',
        '  Point(1, 1)      5',
        '  Point(2, 2)      5',
        '',
      ].join('\n'),
    );
    const other = new Map<string, unknown>([
      ['b', [1, 2]],
      ['a', 'x'],
      ['c', null],
    ]);
    expect(formatReadable(other, 2)).toBe(
      ['Map: 3 entries; the first 2:', '  key  value', '  b    [1, 2]', "  a    'x'", ''].join(
        '\n',
      ),
    );
  });

  it('anything else through repr', () => {
    expect(formatReadable({ mean: 2.5, n: 4 }, 20)).toBe('{ mean: 2.5, n: 4 }\n');
    expect(formatReadable(undefined, 20)).toBe('undefined\n');
  });
});

describe('progress bar', () => {
  function tty(isTTY: boolean) {
    let text = '';
    const stream = Object.assign(
      new Writable({
        write(chunk, _e, done) {
          text += String(chunk);
          done();
        },
      }),
      { isTTY, columns: 120, cursorTo() {}, clearLine() {}, moveCursor() {} },
    );
    return { stream, text: () => text };
  }

  it('draws bytes, lines and the label on a terminal', () => {
    const out = tty(true);
    const bar = createProgress({
      stream: out.stream,
      totalBytes: 2_000_000,
      label: 'wordCount on local',
    });
    bar.update({ bytes: 1_000_000, lines: 12_345 });
    bar.stop();
    bar.update({ bytes: 2_000_000, lines: 20_000 }); // after stop: ignored
    const drawn = out.text();
    expect(drawn).toContain('wordCount on local');
    expect(drawn).toContain('50% | 1.0 MB of 2.0 MB | 12,345 lines');
    expect(drawn).not.toContain('20,000');
  });

  it('counts lines when the size is unknown (stdin)', () => {
    const out = tty(true);
    const bar = createProgress({
      stream: out.stream,
      totalBytes: undefined,
      label: 'job on threads',
    });
    bar.update({ bytes: 0, lines: 4096 });
    bar.stop();
    expect(out.text()).toContain('job on threads | 4,096 lines');
  });

  it('stays silent when the stream is not a terminal', () => {
    const out = tty(false);
    const bar = createProgress({ stream: out.stream, totalBytes: 10, label: 'x' });
    bar.update({ bytes: 5, lines: 1 });
    bar.stop();
    expect(out.text()).toBe('');
  });

  const waiting =
    "no worker connected to queue 'wc' yet: start one (polyfold worker --queue wc --tasks …)";

  // The bar redraws on its own timer; `stop()` draws the last state, which is what is checked.
  it('shows what the run waits for in place of the counts', () => {
    const out = tty(true);
    const bar = createProgress({
      stream: out.stream,
      totalBytes: 2_000_000,
      label: 'wc on cluster',
    });
    bar.update({ bytes: 0, lines: 0, waiting });
    bar.stop();
    const last = out.text().split('\u001b[1G').at(-1)!; // each redraw starts at column 1
    expect(out.text()).toContain(`wc on cluster [`);
    expect(out.text()).toContain(`0% | waiting: ${waiting}`);
    expect(last).not.toContain('0 lines');
  });

  it('shows the counts again, without the waiting text, once progress moves', () => {
    const out = tty(true);
    const bar = createProgress({ stream: out.stream, totalBytes: 2_000_000, label: 'wc' });
    bar.update({ bytes: 0, lines: 0, waiting });
    bar.update({ bytes: 1_000_000, lines: 7 });
    bar.stop();
    expect(out.text()).toContain('50% | 1.0 MB of 2.0 MB | 7 lines');
    expect(out.text()).not.toContain('waiting');
  });

  it('shows the waiting text after the line count when the size is unknown', () => {
    const out = tty(true);
    const bar = createProgress({ stream: out.stream, totalBytes: undefined, label: 'job' });
    bar.update({ bytes: 0, lines: 12, waiting: 'Redis is away' });
    bar.stop();
    expect(out.text()).toContain('job | 12 lines | waiting: Redis is away');
  });

  it('not a terminal: one plain line each time what the run waits for changes, nothing else', () => {
    const out = tty(false);
    const bar = createProgress({ stream: out.stream, totalBytes: 10, label: 'x' });
    bar.update({ bytes: 0, lines: 0, waiting });
    bar.update({ bytes: 0, lines: 0, waiting }); // said again by the run: not repeated
    bar.update({ bytes: 5, lines: 1 });
    bar.update({ bytes: 5, lines: 1, waiting: "chunk 3's worker stopped responding" });
    bar.stop();
    bar.update({ bytes: 5, lines: 1, waiting: 'after stop' });
    expect(out.text()).toBe(
      `polyfold run: waiting: ${waiting}\npolyfold run: waiting: chunk 3's worker stopped responding\n`,
    );
  });

  it('formatBytes', () => {
    expect([0, 999, 1000, 15_300, 32_700_000, 4e12].map(formatBytes)).toEqual([
      '0 B',
      '999 B',
      '1.0 kB',
      '15 kB',
      '33 MB',
      '4.0 TB',
    ]);
  });
});
