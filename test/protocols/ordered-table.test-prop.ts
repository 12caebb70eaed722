// The table's one probe loop serves find, insert, delete and rebuild in all three modes:
// random operation sequences against a native Map, with hashes that collide on purpose so
// probe sequences cross deleted (DUMMY) slots and rebuilds, and with mixed key kinds so the
// NATIVE → MIXED promotion happens mid-sequence.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eq } from '../../src/protocols/equals.js';
import { hashOf } from '../../src/protocols/hash.js';
import { KEYS, OrderedTable } from '../../src/protocols/ordered-table.js';

class Box {
  constructor(readonly id: number) {}
}
const boxes = Array.from({ length: 40 }, (_, i) => new Box(i));

type Op = { op: 'set' | 'delete' | 'has' | 'clear'; key: number | Box; value: number };
const ops = fc.array(
  fc.record({
    op: fc.constantFrom('set', 'set', 'delete', 'has', 'clear'),
    key: fc.oneof(fc.integer({ min: 0, max: 39 }), fc.constantFrom(...boxes)),
    value: fc.integer(),
  }) as fc.Arbitrary<Op>,
  { maxLength: 300 },
);

function play(table: OrderedTable<number | Box, number>, sequence: readonly Op[]): void {
  const model = new Map<number | Box, number>();
  for (const { op, key, value } of sequence) {
    if (op === 'set') {
      table.set(key, value);
      model.set(key, value);
    } else if (op === 'delete') {
      expect(table.delete(key)).toBe(model.delete(key));
    } else if (op === 'clear') {
      table.clear();
      model.clear();
    }
    expect(table.has(key)).toBe(model.has(key));
    expect(table.get(key)).toBe(model.get(key));
    expect(table.count()).toBe(model.size);
  }
  expect([...table.iterator(KEYS)]).toEqual([...model.keys()]);
}

const identity = (a: unknown, b: unknown) => a === b;

describe('OrderedTable: one probe loop, three modes', () => {
  it('byValue (NATIVE, promoted to MIXED by the first object key) behaves as a Map', () => {
    fc.assert(
      fc.property(ops, (sequence) => {
        play(
          OrderedTable.byValue<number | Box, number>({
            eq,
            hash: hashOf,
            debug: false,
            owner: 'HashMap',
          }),
          sequence,
        );
      }),
    );
  });

  it('withInstance (CUSTOM) behaves as a Map, even when every key collides', () => {
    for (const hash of [
      (_k: unknown) => 0,
      (k: unknown) => (typeof k === 'number' ? k : (k as Box).id) & 3,
    ]) {
      fc.assert(
        fc.property(ops, (sequence) => {
          play(
            OrderedTable.withInstance<number | Box, number>({
              eq: identity,
              hash,
              debug: true,
              owner: 'HashMap',
            }),
            sequence,
          );
        }),
      );
    }
  });

  it('keeps its state private: no own enumerable field', () => {
    const table = OrderedTable.byValue<number, number>({
      eq,
      hash: hashOf,
      debug: false,
      owner: 'HashMap',
    });
    table.set(1, 1);
    expect(Object.keys(table)).toEqual([]);
    expect(table.owner).toBe('HashMap');
  });
});
