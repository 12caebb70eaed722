/**
 * A sequence on a cluster worker: the worker side of a job that cannot be split. The chunk
 * job names two Redis lists of its run; the coordinator pushes the input down `feed` chunk by
 * chunk, and this worker folds it in order in one of its threads (the same sequence threads()
 * uses), answering each chunk with a step on `steps`. The job's own result, as for any chunk,
 * is the accumulator after the last chunk.
 *
 * A sequence is folded by one worker from its start: a worker that picks up a sequence some
 * other worker had begun (BullMQ hands a stalled job on) cannot know the state it died with,
 * so it answers SEQUENCE_LOST at once and the coordinator replays the input on a new one.
 */
import type { Redis } from 'ioredis';
import { decodeData, encodeData } from '../functional/internal.js';
import type { ChunkInput as EngineInput, Sequence, Workers } from '../parallel/internal.js';
import { failureOf, openSequence, RemoteTaskError } from '../parallel/internal.js';
import type { ChunkReply, FeedInput, FeedMessage } from './messages.js';
import { SEQUENCE_LOST } from './messages.js';

export interface FeedSpec {
  readonly input: FeedInput;
  /** The job as shipped, and the run's context (decoded). */
  readonly request: { readonly jobId: string; readonly job: never; readonly context?: unknown };
  readonly pool: Workers;
  /** A connection of its own (blocking reads would stall every other command on a shared one). */
  readonly reader: Redis;
  /** The worker's shared connection, for writes. */
  readonly client: Redis;
  readonly signal: AbortSignal;
  /** False once the run is gone (its coordinator stopped): the sequence is dropped. */
  readonly alive: () => Promise<boolean>;
  /** Throws (as a failure of the task) for a byte range this worker may not read. */
  readonly checkRanges: (input: EngineInput) => void;
}

/** Seconds a blocking read waits before the worker looks at the run again. */
const POLL_S = 1;

/** Folds a sequence fed through Redis; resolves to the chunk job's reply. */
export async function runFeed(spec: FeedSpec): Promise<ChunkReply> {
  const { input, client, reader, signal } = spec;
  // First come, only one: a second worker on this sequence means the first was lost.
  const claimed = await client.set(`${input.feed}:claimed`, '1', 'EX', 86_400, 'NX');
  if (claimed === null) {
    return {
      ok: false,
      failure: {
        name: 'SequenceLost',
        code: SEQUENCE_LOST,
        message: 'the worker folding this sequence was lost; the run replays it from the start',
      },
    };
  }
  let seq: Sequence | undefined;
  try {
    seq = openSequence(spec.pool, spec.request, signal);
    for (;;) {
      if (signal.aborted) throw signal.reason;
      const got = await reader.blpop(input.feed, POLL_S);
      if (got === null) {
        if (!(await spec.alive())) {
          return {
            ok: false,
            failure: { name: 'RunGone', message: 'the run ended; sequence dropped' },
          };
        }
        continue;
      }
      const message = JSON.parse(got[1]) as FeedMessage;
      if ('end' in message) {
        const result = await seq.finish();
        seq = undefined;
        return {
          ok: true,
          acc: encodeData(result.acc, 'the partial result of the sequence'),
          items: result.items,
          ...(result.micros === undefined ? {} : { micros: result.micros }),
        };
      }
      const chunk: EngineInput =
        message.input.kind === 'items'
          ? { kind: 'items', items: decodeData(message.input.items) as unknown[] }
          : message.input;
      spec.checkRanges(chunk);
      const step = await seq.push(chunk);
      await client.rpush(input.steps, JSON.stringify(step));
    }
  } catch (error) {
    return {
      ok: false,
      failure: failureOf(error instanceof RemoteTaskError ? error.remote : error),
    };
  } finally {
    await seq?.cancel();
  }
}
