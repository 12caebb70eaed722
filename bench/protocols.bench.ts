/**
 * polyfold/protocols benchmarks. Run: `npx tsx bench/protocols.bench.ts` (or `npm run bench protocols`).
 *
 * Each suite compares polyfold with the hand-written limit (the baseline, ratio 1.00) and with
 * published peers, in fresh processes (see harness.ts). One operation = one key inserted and
 * looked up again (HashMap suites) or one record compared (equals suite).
 *
 * Targets (issue 15's micro goals, stricter than issue 3's): string keys ≤ 1.1× a native Map;
 * class keys with hand-written `dunder.eq`/`dunder.hash` ≤ 1.5× a native Map with an
 * equivalent numeric key; plain-array keys
 * reported next to Effect's MutableHashMap and Immutable.js Map; `equals` faster than lodash.
 */
import * as MutableHashMap from 'effect/MutableHashMap';
import * as Option from 'effect/Option';
import { Map as IMap, List } from 'immutable';
import isEqual from 'lodash/isEqual.js';
import { dunder, equals, HashMap } from '../src/protocols/index.js';
import { suite } from './harness.js';

const N = 100_000;

// --- string keys -------------------------------------------------------------------------
const strings = Array.from({ length: N }, (_, i) => `user:${(i * 7919) % 1_000_003}:${i}`);

await suite(
  'HashMap build + lookup, 100 000 string keys',
  { baseline: 'native Map', opsPerCall: N, samples: 25, goals: { 'polyfold HashMap': 1.1 } },
  {
    'native Map': () => {
      const m = new Map<string, number>();
      for (let i = 0; i < N; i++) m.set(strings[i]!, i);
      let s = 0;
      for (let i = 0; i < N; i++) s += m.get(strings[i]!)!;
      return s;
    },
    'polyfold HashMap': () => {
      const m = new HashMap<string, number>();
      for (let i = 0; i < N; i++) m.set(strings[i]!, i);
      let s = 0;
      for (let i = 0; i < N; i++) s += m.get(strings[i]!)!;
      return s;
    },
  },
);

// --- class keys with hand-written dunder methods --------------------------------------------
class Cell {
  constructor(
    readonly row: number,
    readonly col: number,
  ) {}
  [dunder.eq](that: unknown): boolean {
    return that instanceof Cell && that.row === this.row && that.col === this.col;
  }
  [dunder.hash](): number {
    return (Math.imul(this.row, 0x9e3779b1) ^ this.col) | 0;
  }
}
const W = 400;
const cells = Array.from({ length: N }, (_, i) => new Cell(Math.floor(i / W), i % W));
// Lookups use fresh, equal objects: the point of value keys.
const probes = cells.map((c) => new Cell(c.row, c.col));
const numeric = cells.map((c) => c.row * W + c.col);

await suite(
  'HashMap build + lookup, 100 000 class keys (hand-written dunder.eq/hash)',
  {
    baseline: 'native Map, equivalent numeric key',
    opsPerCall: N,
    samples: 25,
    goals: { 'polyfold HashMap, Cell keys': 1.5 },
  },
  {
    'native Map, equivalent numeric key': () => {
      const m = new Map<number, number>();
      for (let i = 0; i < N; i++) m.set(numeric[i]!, i);
      let s = 0;
      for (let i = 0; i < N; i++) s += m.get(probes[i]!.row * W + probes[i]!.col)!;
      return s;
    },
    'polyfold HashMap, Cell keys': () => {
      const m = new HashMap<Cell, number>();
      for (let i = 0; i < N; i++) m.set(cells[i]!, i);
      let s = 0;
      for (let i = 0; i < N; i++) s += m.get(probes[i]!)!;
      return s;
    },
  },
);

// --- plain-array keys ---------------------------------------------------------------------
const tuples = cells.map((c) => [c.row, c.col] as const);
const tupleProbes = cells.map((c) => [c.row, c.col] as const);
const lists = tuples.map((t) => List(t));
const listProbes = tuples.map((t) => List(t));

await suite(
  'HashMap build + lookup, 100 000 plain-array keys ([row, col])',
  { baseline: 'native Map, key.join()', opsPerCall: N, samples: 25 },
  {
    'native Map, key.join()': () => {
      const m = new Map<string, number>();
      for (let i = 0; i < N; i++) m.set(tuples[i]!.join(), i);
      let s = 0;
      for (let i = 0; i < N; i++) s += m.get(tupleProbes[i]!.join())!;
      return s;
    },
    'native Map, JSON.stringify(key)': () => {
      const m = new Map<string, number>();
      for (let i = 0; i < N; i++) m.set(JSON.stringify(tuples[i]), i);
      let s = 0;
      for (let i = 0; i < N; i++) s += m.get(JSON.stringify(tupleProbes[i]))!;
      return s;
    },
    'polyfold HashMap': () => {
      const m = new HashMap<readonly number[], number>();
      for (let i = 0; i < N; i++) m.set(tuples[i]!, i);
      let s = 0;
      for (let i = 0; i < N; i++) s += m.get(tupleProbes[i]!)!;
      return s;
    },
    'effect MutableHashMap': () => {
      const m = MutableHashMap.empty<readonly number[], number>();
      for (let i = 0; i < N; i++) MutableHashMap.set(m, tuples[i]!, i);
      let s = 0;
      for (let i = 0; i < N; i++) s += Option.getOrThrow(MutableHashMap.get(m, tupleProbes[i]!));
      return s;
    },
    'immutable Map (List keys, withMutations)': () => {
      const m = IMap<List<number>, number>().withMutations((mm) => {
        for (let i = 0; i < N; i++) mm.set(lists[i]!, i);
      });
      let s = 0;
      for (let i = 0; i < N; i++) s += m.get(listProbes[i]!)!;
      return s;
    },
  },
);

// --- equals on nested records ----------------------------------------------------------------
interface Customer {
  id: number;
  name: string;
  active: boolean;
  tags: string[];
  address: { street: string; city: string; zip: string; geo: { lat: number; lng: number } };
  orders: { sku: string; qty: number; price: number }[];
}
const R = 1_000;
const makeRecords = (): Customer[] =>
  Array.from({ length: R }, (_, i) => ({
    id: i,
    name: `customer ${i}`,
    active: i % 3 !== 0,
    tags: ['a', `t${i % 7}`, `g${i % 11}`],
    address: {
      street: `${i} Main St`,
      city: 'Springfield',
      zip: `${10000 + i}`,
      geo: { lat: i / 10, lng: -i / 10 },
    },
    orders: [
      { sku: `sku-${i}`, qty: i % 5, price: 9.99 },
      { sku: `sku-${i + 1}`, qty: 1, price: 19.5 },
    ],
  }));
const left = makeRecords();
const right = makeRecords();

function handWritten(a: Customer[], b: Customer[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.id !== y.id || x.name !== y.name || x.active !== y.active) return false;
    if (x.tags.length !== y.tags.length || x.tags.some((t, j) => t !== y.tags[j])) return false;
    const p = x.address;
    const q = y.address;
    if (p.street !== q.street || p.city !== q.city || p.zip !== q.zip) return false;
    if (p.geo.lat !== q.geo.lat || p.geo.lng !== q.geo.lng) return false;
    if (x.orders.length !== y.orders.length) return false;
    for (let j = 0; j < x.orders.length; j++) {
      const o = x.orders[j]!;
      const r = y.orders[j]!;
      if (o.sku !== r.sku || o.qty !== r.qty || o.price !== r.price) return false;
    }
  }
  return true;
}

await suite(
  'equals on 1 000 nested records (equal, distinct objects)',
  { baseline: 'hand-written comparison', opsPerCall: R, samples: 25 },
  {
    'hand-written comparison': () => handWritten(left, right),
    'polyfold equals': () => equals(left, right),
    'lodash isEqual': () => isEqual(left, right),
  },
);
