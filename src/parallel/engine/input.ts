/**
 * What a chunk carries to a worker. Items travel as themselves; text files travel as byte
 * ranges that the worker reads itself, so lines are never copied between threads or through
 * Redis. One tagged shape for every transport (threads, the cluster, this thread).
 */
import type { ByteRange } from '../text-file.js';
import { readSplit } from '../text-file.js';

/** A chunk's input: items, or byte ranges of text files (whose lines are the items). */
export type ChunkInput =
  | { readonly kind: 'items'; readonly items: readonly unknown[] }
  | { readonly kind: 'ranges'; readonly ranges: readonly ByteRange[] };

/** A chunk of a run: its position in the input (results combine in this order) and input. */
export interface EngineChunk {
  readonly index: number;
  readonly input: ChunkInput;
  /** Its size in the unit the sizer counts: items, or bytes for ranges. */
  readonly units: number;
}

/** The items a chunk's input stands for: the items, or the lines of its ranges (read here). */
export function itemsOf(input: ChunkInput): readonly unknown[] {
  return input.kind === 'items' ? input.items : readSplit(input.ranges);
}

/** Bytes covered by byte ranges. */
export function bytesOf(ranges: readonly ByteRange[]): number {
  let n = 0;
  for (const r of ranges) n += r.end - r.start;
  return n;
}
