/**
 * Fuzz: the cluster layer's entry points with arbitrary values — `cluster()` options, and
 * whatever anyone with write access to Redis could put in a chunk job or a reply. Each
 * returns, or throws a documented polyfold error with a code; no internal TypeError,
 * RangeError or SyntaxError leaks out of data that came from Redis.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstRefused } from '../../src/cluster/allow-list.js';
import * as _ from '../../src/cluster/index.js';
import { checkChunkData, checkChunkReply, WIRE_VERSION } from '../../src/cluster/messages.js';
import { UnknownOptionError } from '../../src/dispatch/index.js';
import { decodeData } from '../../src/functional/codec.js';
import { InvalidArgumentError } from '../../src/functional/index.js';

const anything = fc.anything({
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withTypedArray: true,
});

const documented = [
  InvalidArgumentError,
  UnknownOptionError,
  _.UnsendableValueError,
  _.MalformedMessageError,
];

function settle(call: () => unknown): void {
  try {
    call();
  } catch (error) {
    if (!documented.some((E) => error instanceof E)) throw error;
    expect(typeof (error as { code?: unknown }).code).toBe('string');
  }
}

// What JSON.parse can give, with the codec's tags ('$') mixed in where a value may stand.
const { json } = fc.letrec((tie) => ({
  json: fc.oneof(
    { depthSize: 'small' },
    fc.jsonValue({ maxDepth: 2 }),
    fc.record({
      $: fc.constantFrom('u', 'n', 'b', 'd', 'm', 's', 'r', 't', 'o', 'x', ''),
      v: tie('json'),
      c: fc.constantFrom('Float64Array', 'Uint8Array', 'Int32Array', 'Nope', 'constructor'),
    }),
    fc.record({ $: fc.constantFrom('r'), v: fc.tuple(fc.string(), fc.string()) }),
    fc.record({
      $: fc.constantFrom('t'),
      c: fc.constantFrom('Float64Array', 'Int32Array', 'BigInt64Array'),
      v: fc.base64String(),
    }),
    fc.array(tie('json'), { maxLength: 4 }),
  ),
}));

describe('fuzz: polyfold/cluster', () => {
  it('cluster() and redactUrl with arbitrary values', () => {
    fc.assert(
      fc.property(anything, anything, (a, b) => {
        settle(() => _.cluster(a as never));
        settle(() =>
          _.cluster({ connection: 'redis://127.0.0.1:1', queue: 'q', ...(b as object) }),
        );
        expect(typeof _.redactUrl(a as never)).toBe('string');
      }),
      { numRuns: 300 },
    );
  });

  it('chunk data, replies and encoded values from Redis: accepted or MalformedMessageError', () => {
    fc.assert(
      fc.property(json, json, (data, reply) => {
        // Each gets its own copy: decodeData reuses (mutates) what it is given.
        settle(() => decodeData(structuredClone(data)));
        settle(() => checkChunkData(structuredClone(data), 'r-0'));
        settle(() => checkChunkReply(structuredClone(reply), 'r-0'));
        settle(() =>
          checkChunkData({ v: WIRE_VERSION, runId: 'r', index: 0, job: {}, input: data }, 'r-0'),
        );
        settle(() =>
          checkChunkData(
            {
              v: WIRE_VERSION,
              runId: 'r',
              index: 0,
              job: {},
              input: { kind: 'items', items: [] },
              digests: data,
            },
            'r-0',
          ),
        );
      }),
      { numRuns: 1000 },
    );
  });

  it('the allow-list accepts a module URL only when it is exactly an allowed one', () => {
    const allowed = new Set(['file:///srv/app/tasks.js', 'file:///srv/app/more.js']);
    const naming = (module: unknown) => ({
      stages: [{ kind: 'map', fn: { $task: { module, name: 'f' } }, args: [] }],
      fold: { name: 'count', args: [] },
    });
    const spelling = fc.oneof(
      // An allowed URL with something added, cut or changed.
      fc
        .tuple(fc.constantFrom(...allowed), fc.string({ minLength: 1, maxLength: 6 }))
        .map(([url, extra]) => url + extra),
      fc
        .tuple(fc.constantFrom(...allowed), fc.nat())
        .map(([url, n]) => url.slice(0, n % url.length)),
      fc.constantFrom(...allowed).map((url) => url.toUpperCase()),
      anything,
    );
    fc.assert(
      fc.property(spelling, (module) => {
        const refused = firstRefused(naming(module) as never, allowed);
        expect(refused === undefined).toBe(typeof module === 'string' && allowed.has(module));
      }),
      { numRuns: 500 },
    );
  });
});
