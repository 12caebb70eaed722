// The file stamp a chunk's byte range carries through Redis: checked like every other field.
import { describe, expect, it } from 'vitest';
import { checkChunkData, WIRE_VERSION } from '../../src/cluster/messages.js';

const chunk = (range: unknown) => ({
  v: WIRE_VERSION,
  runId: 'r',
  index: 0,
  job: {},
  input: { kind: 'ranges', ranges: [range] },
});

describe('a byte range from Redis', () => {
  it('passes with its stamp, which reaches the reader unchanged', () => {
    const range = {
      path: '/d/a.txt',
      start: 0,
      end: 10,
      stamp: { size: 10, mtimeMs: 1.5, ino: 7 },
    };
    expect(checkChunkData(chunk(range), 'r-0').input).toEqual({ kind: 'ranges', ranges: [range] });
    expect(checkChunkData(chunk({ path: '/d/a.txt', start: 0, end: 10 }), 'r-0')).toBeTruthy();
  });

  it('with a malformed stamp is a MalformedMessageError', () => {
    for (const stamp of [null, 5, { size: '10', mtimeMs: 1, ino: 1 }, { size: 10, mtimeMs: 1 }]) {
      expect(() =>
        checkChunkData(chunk({ path: '/d/a.txt', start: 0, end: 10, stamp }), 'r-0'),
      ).toThrow(expect.objectContaining({ code: 'ERR_MALFORMED_MESSAGE' }));
    }
  });
});
