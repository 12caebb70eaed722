/**
 * The k-way merge of sorted record sources, combining equal keys **in source order** (source
 * 0 first): for one key, `combine(combine(p0, p1), p2)` over the sources that hold it, as
 * combining whole tables in chunk order would compute it — so floating-point sums come out
 * bit for bit as `local()` gives them. Holds one record per source and the current key.
 */
import type { KeyedOps } from './keyed.js';
import { compareRecords, type RecordSource, type ShuffleRecord } from './records.js';

/** A binary min-heap of source indices, ordered by head record, then by index. */
class SourceHeap {
  readonly #sources: readonly RecordSource[];
  readonly #heap: number[] = [];

  constructor(sources: readonly RecordSource[]) {
    this.#sources = sources;
    for (let i = 0; i < sources.length; i++) if (sources[i]!.head !== undefined) this.push(i);
  }

  get size(): number {
    return this.#heap.length;
  }

  #less(a: number, b: number): boolean {
    const c = compareRecords(this.#sources[a]!.head!, this.#sources[b]!.head!);
    return c < 0 || (c === 0 && a < b);
  }

  peek(): number | undefined {
    return this.#heap[0];
  }

  push(i: number): void {
    const h = this.#heap;
    h.push(i);
    let n = h.length - 1;
    while (n > 0) {
      const parent = (n - 1) >> 1;
      if (!this.#less(h[n]!, h[parent]!)) break;
      [h[n], h[parent]] = [h[parent]!, h[n]!];
      n = parent;
    }
  }

  pop(): number {
    const h = this.#heap;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let n = 0;
      for (;;) {
        const l = 2 * n + 1;
        const r = l + 1;
        let m = n;
        if (l < h.length && this.#less(h[l]!, h[m]!)) m = l;
        if (r < h.length && this.#less(h[r]!, h[m]!)) m = r;
        if (m === n) break;
        [h[n], h[m]] = [h[m]!, h[n]!];
        n = m;
      }
    }
    return top;
  }
}

/**
 * Merges `sources` (each sorted by `compareRecords`, each key at most once per source) and
 * calls `emit` once per distinct key, in order, with the first record of that key (its key
 * object is the earliest source's) and the merge state of every source's partial combined
 * in source order (see `KeyedOps`).
 */
export async function mergeSources(
  sources: readonly RecordSource[],
  ops: KeyedOps,
  emit: (first: ShuffleRecord, state: unknown) => void | Promise<void>,
): Promise<void> {
  const heap = new SourceHeap(sources);
  while (heap.size > 0) {
    const i = heap.pop();
    const first = sources[i]!.head!;
    let state = ops.start(first.key, first.partial);
    // Awaited only when a source had to read from disk: most records are in its buffer.
    const moved = sources[i]!.advance();
    if (moved) await moved;
    if (sources[i]!.head !== undefined) heap.push(i);
    for (let j = heap.peek(); j !== undefined; j = heap.peek()) {
      const r = sources[j]!.head!;
      if (compareRecords(r, first) !== 0) break;
      heap.pop();
      state = ops.add(state, r.key, r.partial);
      const next = sources[j]!.advance();
      if (next) await next;
      if (sources[j]!.head !== undefined) heap.push(j);
    }
    const written = emit(first, state);
    if (written) await written;
  }
}
