// The changelog, shapes and value-keys examples: each runs with its header's command and
// prints what it should. Expected values are computed here, independently of polyfold.
import { describe, expect, it } from 'vitest';
import { logToTable } from '../../examples/changelog/job.js';
import { run } from '../../src/functional/index.js';
import { spawnNode } from '../cli/support.js';

function example(path: string, args: string[] = []) {
  return spawnNode(['--import', 'tsx', `examples/${path}`, ...args]).done;
}

async function stdoutOf(path: string, args: string[] = []): Promise<string> {
  const r = await example(path, args);
  expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
  return r.stdout;
}

describe('changelog → table', () => {
  it('the job keeps the latest change and the number of changes per key, in log order', async () => {
    const log = [
      { key: 'b', value: { plan: 'free', seats: 1 }, offset: 0 },
      { key: 'a', value: { plan: 'team', seats: 5 }, offset: 1 },
      { key: 'b', value: null, offset: 2 },
      { key: 'a', value: { plan: 'pro', seats: 7 }, offset: 3 },
      { key: 'c', value: null, offset: 4 },
      { key: 'c', value: { plan: 'free', seats: 2 }, offset: 5 },
    ];
    const lines = log.map((c) => JSON.stringify(c));
    const table = (await run(logToTable, lines)) as {
      rows: Map<string, { latest: unknown; changes: number }>;
      changes: number;
    };
    expect(table.changes).toBe(6);
    expect([...table.rows]).toEqual([
      ['b', { latest: log[2], changes: 2 }],
      ['a', { latest: log[3], changes: 2 }],
      ['c', { latest: log[5], changes: 2 }],
    ]);
  });

  it('main.ts: local and threads agree, the numbers add up', async () => {
    const out = await stdoutOf('changelog/main.ts', ['20000']);
    const head =
      /^(\d+) changes to (\d+) keys → a table of (\d+) live rows\n\((\d+) keys deleted/.exec(out);
    expect(head).not.toBeNull();
    const [, changes, keys, live, deleted] = head!.map(Number);
    expect(changes).toBe(20000);
    expect(keys).toBeLessThanOrEqual(1000);
    expect(live! + deleted!).toBe(keys);
    expect(out).toContain('local() and threads() agree: yes');
    const rows = [
      ...out.matchAll(
        /^ {2}(account-\d{4}) {2}(\w+) +(\d+) seats {3}\((\d+) changes, last at offset (\d+)\)$/gm,
      ),
    ];
    expect(rows).toHaveLength(5);
    const names = rows.map((r) => r[1]!);
    expect(names).toEqual([...names].sort());
    for (const r of rows) expect(Number(r[5])).toBeLessThan(20000);
    expect(out).toMatch(/\nmost changed: account-\d{4} \(\d+ changes\)\n$/);
  });
});

describe('shapes', () => {
  it('areas by singledispatch, explain, and singledispatchmethod overrides', async () => {
    const out = await stdoutOf('shapes.ts');
    const heron = Math.sqrt(6 * 3 * 2 * 1);
    expect(out).toContain(`  Circle   ${Math.PI.toFixed(4)}  (round)\n`);
    expect(out).toContain('  Rect     6.0000  (oblong)\n');
    expect(out).toContain('  Square   4.0000  (square)\n');
    expect(out).toContain(`  Triangle ${heron.toFixed(4)}  (some shape)\n`);
    expect(out).toContain(`  total    ${(Math.PI + 6 + 4 + heron).toFixed(4)}\n`);
    expect(out).toContain(
      `a Wheel is round; Areas.circle is still a method: ${(4 * Math.PI).toFixed(4)}`,
    );
    expect(out).toContain('Square: chain Square → Rect → Object; candidates Rect; winner Rect');
    expect(out).toContain("area('a circle') → area: no implementation for a circle");
    expect(out).toContain(
      '  SvgRenderer   <circle r="1" stroke="black"/>\n  DebugRenderer <circle r="1" stroke="red"/><!-- debug -->',
    );
    expect(out).toContain(
      '  SvgRenderer   <rect width="2" height="2" stroke="black"/>\n  DebugRenderer <rect width="2" height="2" stroke="black"/>',
    );
    expect(out).toContain('  DebugRenderer <!-- cannot draw text -->');
  });
});

describe('value keys', () => {
  it('HashMap finds keys by value; Counter and HashSet agree with a string-keyed reference', async () => {
    const out = await stdoutOf('value-keys.ts');
    expect(out).toContain('native Map.get(new Cell(0, 0)):  undefined\n');
    expect(out).toContain('HashMap.get(new Cell(0, 0)):     origin\n');

    // The same seeded walk, counted with "x,y" strings in a native Map.
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const steps = [
      [1, 0],
      [-1, 0],
      [0, 1],
      [0, -1],
    ] as const;
    const visits = new Map<string, number>();
    let x = 0;
    let y = 0;
    for (let i = 0; i < 10_000; i++) {
      const [dx, dy] = steps[Math.floor(random() * 4)]!;
      x += dx;
      y += dy;
      visits.set(`${x}, ${y}`, (visits.get(`${x}, ${y}`) ?? 0) + 1);
    }
    const top = [...visits].sort((a, b) => b[1] - a[1]);
    expect(out).toContain(`10000 steps, 10000 Cell objects, ${visits.size} distinct cells\n`);
    expect(out).toContain(`Counter agrees: ${visits.size} keys, 10000 visits in total\n`);
    const most = [...out.matchAll(/^ {2}Cell\((-?\d+, -?\d+)\) × (\d+)$/gm)].map((m) => [
      m[1],
      Number(m[2]),
    ]);
    expect(most).toHaveLength(3);
    for (const [cell, n] of most) expect(visits.get(cell as string)).toBe(n);
    expect(most.map(([, n]) => n)).toEqual(top.slice(0, 3).map(([, n]) => n));
    expect(out).toContain(`visits to Cell(0, 0): ${visits.get('0, 0') ?? 0}\n`);
    expect(out).toContain('add(first half, second half) equals the whole walk: true\n');
  });
});
