/**
 * What travels through Redis, and how it is named. A run is one parent job (id = the run id)
 * in the queue `<queue>.runs`, with one child job per chunk (id = `<run id>-<chunk index>`)
 * in `<queue>`, where the workers listen. Only data travels: the job as task addresses
 * (`encodeJob`), the chunk's items (or a byte range of a file), the context, and the partial
 * accumulator coming back. The child id is the key of its result in the parent, so a chunk
 * that runs twice still has one result.
 */
import { InvalidArgumentError } from '../functional/index.js';
import type { ByteRange } from '../parallel/index.js';
import type { WorkerFailure } from '../parallel/internal.js';
import { MalformedMessageError } from './errors.js';

/** Wire format version: a worker refuses messages of another version instead of misreading them. */
export const WIRE_VERSION = 2;
/** BullMQ job name of a chunk. */
export const CHUNK_JOB = 'polyfold.chunk';
/** BullMQ job name of a run (the parent of its chunks). */
export const RUN_JOB = 'polyfold.run';

/** The queue that holds the runs' parent jobs: nobody works on it, the coordinator owns them. */
export function runsQueueOf(queue: string): string {
  return `${queue}.runs`;
}

/**
 * The key of a run's heartbeat, next to its parent job's key (`<prefix>:<queue>.runs:<id>`):
 * the coordinator keeps it alive while it waits for the run; a worker that finds a run's
 * parent without it knows no one is waiting and removes the run. A chunk job knows its
 * parent's key, so a worker derives this one from the job alone.
 */
export function heartbeatKeyOf(parentKey: string): string {
  return `${parentKey}:alive`;
}

/** The BullMQ job id of a chunk (BullMQ forbids `:` in ids). */
export function chunkJobId(runId: string, index: number): string {
  return `${runId}-${index}`;
}

/** The chunk index a job id names, if the id belongs to the run. */
export function chunkIndexOf(runId: string, jobId: string): number | undefined {
  if (jobId.length <= runId.length + 1 || !jobId.startsWith(runId) || jobId[runId.length] !== '-') {
    return undefined;
  }
  const index = Number(jobId.slice(runId.length + 1));
  return Number.isInteger(index) && index >= 0 ? index : undefined;
}

/**
 * A chunk's input: items (codec-encoded), or byte ranges the worker reads itself (one range
 * of a large file, or small files packed into one split).
 */
export type ChunkInput =
  | { readonly kind: 'items'; readonly items: unknown }
  | { readonly kind: 'ranges'; readonly ranges: readonly ByteRange[] }
  | FeedInput
  | ReduceInput;

/**
 * A reduce task of a partitioned output: merge partition `partition` of the committed map
 * tasks `tasks` (in chunk order) under `dir`, for the run `run` of the output.
 */
export interface ReduceInput {
  readonly kind: 'reduce';
  readonly dir: string;
  readonly run: string;
  readonly partition: number;
  readonly tasks: readonly number[];
}

/** Where a map task of a partitioned output writes (a chunk job with `output` set). */
export interface MapOutput {
  readonly dir: string;
  readonly run: string;
  readonly partitions: number;
  readonly spillEntries?: number | undefined;
}

/**
 * A sequence (a job that cannot be split): the worker folds, in order, the chunks the
 * coordinator pushes to the Redis list `feed` (as {@link FeedMessage}s, JSON), answering each
 * with a step pushed to `steps`; its job's result is the accumulator after `end`. Both keys
 * belong to the run (they start with its parent's key).
 */
export interface FeedInput {
  readonly kind: 'feed';
  readonly feed: string;
  readonly steps: string;
}

/** What the coordinator pushes down a sequence's feed. */
export type FeedMessage =
  | { readonly input: Exclude<ChunkInput, FeedInput | ReduceInput> }
  | { readonly end: true };

/** The error code of a sequence whose worker was lost: the run replays it from the start. */
export const SEQUENCE_LOST = 'ERR_SEQUENCE_LOST';

/** The data of a chunk job. */
export interface ChunkData {
  readonly v: typeof WIRE_VERSION;
  readonly runId: string;
  readonly index: number;
  /** `encodeJob(job)`, codec-encoded. */
  readonly job: unknown;
  readonly input: ChunkInput;
  /** Set for a map task of a partitioned output: fold the chunk and write it there. */
  readonly output?: MapOutput;
  /** The run's context, codec-encoded (absent when the run has none). */
  readonly context?: unknown;
  /** sha256 of each task module's source on the coordinator, by module URL. */
  readonly digests?: Readonly<Record<string, string>>;
}

/** A chunk job's return value: the partial accumulator, or the task's error as data. */
export type ChunkReply =
  | {
      readonly ok: true;
      readonly acc: unknown;
      readonly items: number;
      /** Time the worker spent folding, in µs (absent from older workers). */
      readonly micros?: number;
    }
  | { readonly ok: false; readonly failure: WorkerFailure };

const isObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

function isByteRange(r: unknown): r is ByteRange {
  return (
    isObject(r) &&
    typeof r.path === 'string' &&
    Number.isInteger(r.start) &&
    Number.isInteger(r.end) &&
    (r.start as number) >= 0 &&
    (r.end as number) >= (r.start as number) &&
    (r.stamp === undefined || isFileStamp(r.stamp))
  );
}

// The file as the coordinator planned it: the worker's reader refuses a file that changed.
function isFileStamp(s: unknown): boolean {
  return (
    isObject(s) &&
    Number.isSafeInteger(s.size) &&
    Number.isFinite(s.mtimeMs) &&
    typeof s.ino === 'number' &&
    s.ino >= 0
  );
}

/** Checks the shape of a chunk job's data (it comes from Redis: anyone could have written it). */
export function checkChunkData(data: unknown, jobId: string | undefined): ChunkData {
  const what = `the chunk job ${jobId ?? '(no id)'}`;
  const fail = (problem: string): never => {
    throw new MalformedMessageError(what, problem);
  };
  if (!isObject(data)) return fail('its data is not an object');
  if (data.v !== WIRE_VERSION) {
    return fail(`wire format ${JSON.stringify(data.v)}, this worker reads ${WIRE_VERSION}`);
  }
  if (typeof data.runId !== 'string' || data.runId === '') return fail('data.runId is missing');
  if (!Number.isInteger(data.index) || (data.index as number) < 0) {
    return fail('data.index is not a chunk index');
  }
  if (!isObject(data.job)) return fail('data.job is not an object');
  if (
    data.digests !== undefined &&
    !(
      isObject(data.digests) &&
      Object.values(data.digests).every((d) => typeof d === 'string' && /^[0-9a-f]{64}$/.test(d))
    )
  ) {
    return fail('data.digests is not { [module]: sha256 hex }');
  }
  if (data.output !== undefined) {
    const o = data.output;
    if (
      !isObject(o) ||
      typeof o.dir !== 'string' ||
      typeof o.run !== 'string' ||
      !Number.isInteger(o.partitions) ||
      (o.partitions as number) < 1 ||
      (o.spillEntries !== undefined && !Number.isInteger(o.spillEntries))
    ) {
      return fail('data.output is not { dir, run, partitions, spillEntries? }');
    }
  }
  const input = data.input;
  if (!isObject(input)) return fail('data.input is not an object');
  if (input.kind === 'ranges') {
    const { ranges } = input;
    if (!Array.isArray(ranges) || ranges.length === 0 || !ranges.every(isByteRange)) {
      return fail('data.input.ranges is not a non-empty array of { path, start, end, stamp? }');
    }
  } else if (input.kind === 'reduce') {
    const { dir, run, partition, tasks } = input;
    if (
      typeof dir !== 'string' ||
      typeof run !== 'string' ||
      !Number.isInteger(partition) ||
      (partition as number) < 0 ||
      !Array.isArray(tasks) ||
      !tasks.every((t) => Number.isInteger(t) && t >= 0)
    ) {
      return fail('data.input is not { kind: "reduce", dir, run, partition, tasks }');
    }
  } else if (input.kind === 'feed') {
    if (typeof input.feed !== 'string' || typeof input.steps !== 'string') {
      return fail('data.input.feed and data.input.steps are not Redis keys');
    }
  } else if (input.kind !== 'items' || !('items' in input)) {
    return fail(
      "data.input is neither { kind: 'items', items } nor { kind: 'ranges', ranges } nor { kind: 'feed', … }",
    );
  }
  return data as unknown as ChunkData;
}

/** Checks a chunk job's return value (read back from Redis). */
export function checkChunkReply(reply: unknown, jobId: string): ChunkReply {
  const fail = (problem: string): never => {
    throw new MalformedMessageError(`the result of chunk job ${jobId}`, problem);
  };
  if (!isObject(reply)) return fail('it is not an object');
  if (reply.ok === true) {
    if (!Number.isInteger(reply.items)) return fail('items is not a count');
    const { micros } = reply;
    if (micros !== undefined && !(typeof micros === 'number' && micros >= 0 && micros < 1e15)) {
      return fail('micros is not a duration');
    }
    return reply as unknown as ChunkReply;
  }
  if (reply.ok === false && isObject(reply.failure) && typeof reply.failure.message === 'string') {
    return reply as unknown as ChunkReply;
  }
  return fail('it is neither { ok: true, acc, items } nor { ok: false, failure }');
}

/** Throws InvalidArgumentError unless `queue` is a usable BullMQ queue name. */
export function checkQueueName(fn: string, queue: unknown): asserts queue is string {
  if (typeof queue !== 'string' || queue === '' || queue.includes(':')) {
    throw new InvalidArgumentError(
      fn,
      'options.queue',
      'a queue name: a non-empty string without ":" (BullMQ uses ":" in its keys)',
      queue,
    );
  }
}
