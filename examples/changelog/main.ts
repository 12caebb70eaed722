/**
 * A changelog folded into a table: the log-to-table idea of Kafka-style logs (a compacted
 * topic keeps the latest value per key; a `null` value, a tombstone, deletes the key).
 *
 *   npx tsx examples/changelog/main.ts [CHANGES]     (default: 200000 changes)
 *
 * It writes a reproducible log of subscription changes (JSON lines) to a temporary file,
 * folds it with `local()` and with `threads()` — each worker reads its own byte ranges —,
 * checks both give the same table, and prints a few rows.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { local, run } from '../../src/functional/index.js';
import { textFile, threads } from '../../src/parallel/index.js';
import type { HashMap } from '../../src/protocols/index.js';
import { equals } from '../../src/protocols/index.js';
import { logToTable } from './job.js';
import type { Change } from './tasks.js';

const total = Number(process.argv[2] ?? 200_000);
const KEYS = 1000;
const PLANS = ['free', 'team', 'pro', 'enterprise'];

/** mulberry32: a small seeded generator, so every run writes the same log. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const next = random(7);
const lines: string[] = [];
for (let offset = 0; offset < total; offset++) {
  const key = `account-${String(Math.floor(next() * KEYS)).padStart(4, '0')}`;
  // One change in 20 closes the account (a tombstone); a later change may reopen it.
  const value =
    next() < 0.05
      ? null
      : { plan: PLANS[Math.floor(next() * PLANS.length)]!, seats: 1 + Math.floor(next() * 50) };
  lines.push(JSON.stringify({ key, value, offset } satisfies Change));
}
const dir = mkdtempSync(join(tmpdir(), 'polyfold-changelog-'));
const log = join(dir, 'changes.jsonl');
writeFileSync(log, `${lines.join('\n')}\n`);

type Row = { latest: Change; changes: number };
type Table = { rows: HashMap<string, Row>; changes: number };

const executor = threads({ workers: 2 });
try {
  const one = (await run(logToTable, textFile(log), { executor: local() })) as Table;
  // Small byte ranges, so even a small log is cut into many chunks.
  const many = (await run(logToTable, textFile(log, { rangeBytes: 256 * 1024 }), {
    executor,
  })) as Table;

  const live = [...one.rows].filter(([, row]) => row.latest.value !== null);
  console.log(
    `${one.changes} changes to ${one.rows.size} keys → a table of ${live.length} live rows`,
  );
  console.log(`(${one.rows.size - live.length} keys deleted by a tombstone as their last change)`);
  console.log(`local() and threads() agree: ${equals(one, many) ? 'yes' : 'NO'}`);

  console.log('\nfirst rows, by key:');
  const byKey = [...live].sort(([a], [b]) => (a < b ? -1 : 1)).slice(0, 5);
  for (const [key, { latest, changes }] of byKey) {
    const { plan, seats } = latest.value!;
    console.log(
      `  ${key}  ${plan.padEnd(10)} ${String(seats).padStart(2)} seats   (${changes} changes, last at offset ${latest.offset})`,
    );
  }
  const busiest = [...one.rows].sort(([, a], [, b]) => b.changes - a.changes)[0]!;
  console.log(`\nmost changed: ${busiest[0]} (${busiest[1].changes} changes)`);
  if (!equals(one, many)) process.exitCode = 1;
} finally {
  await executor.close();
  rmSync(dir, { recursive: true, force: true });
}
