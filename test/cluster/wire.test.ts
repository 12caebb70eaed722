import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { dataRootsOf, firstRefused, isUnder, taskModuleUrl } from '../../src/cluster/allow-list.js';
import { firstMismatch, moduleDigest } from '../../src/cluster/digest.js';
import {
  MissingDependencyError,
  ModuleNotAllowedError,
  TaskModuleMismatchError,
} from '../../src/cluster/index.js';
import {
  checkChunkData,
  checkChunkReply,
  chunkIndexOf,
  chunkJobId,
  WIRE_VERSION,
} from '../../src/cluster/messages.js';
import { importPeer } from '../../src/cluster/peers.js';

const dir = mkdtempSync(join(tmpdir(), 'polyfold-wire-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the allow-list', () => {
  it('names task modules as the real file URLs import.meta.url gives', () => {
    const file = join(dir, 'tasks.js');
    writeFileSync(file, 'export {};');
    const link = join(dir, 'link.js');
    symlinkSync(file, link);
    const url = pathToFileURL(file).href;
    expect(taskModuleUrl('f', 'tasks', file)).toBe(url);
    expect(taskModuleUrl('f', 'tasks', link)).toBe(url);
    expect(taskModuleUrl('f', 'tasks', `${url}?v=2#x`)).toBe(url);
    expect(taskModuleUrl('f', 'tasks', 'tasks.js', dir)).toBe(url);
  });

  it('finds the first module of a shipped job outside the list', () => {
    const job = {
      stages: [
        { kind: 'map', fn: { $task: { module: 'file:///a.js', name: 'f' } }, args: [] },
        { kind: 'filter', fn: { $task: { module: 'file:///b.js', name: 'g' } }, args: [] },
      ],
      fold: { name: 'groupBy', args: [{ $task: { module: 'file:///c.js', name: 'k' } }] },
    };
    expect(firstRefused(job, new Set(['file:///a.js', 'file:///b.js', 'file:///c.js']))).toBe(
      undefined,
    );
    expect(firstRefused(job, new Set(['file:///a.js', 'file:///b.js']))).toBe('file:///c.js');
  });

  it('accepts a module URL only when it is exactly an allowed one (no query, no fragment, no other spelling)', () => {
    const allowed = new Set(['file:///app/tasks.js']);
    const naming = (module: string) => ({
      stages: [{ kind: 'map', fn: { $task: { module, name: 'f' } }, args: [] }],
      fold: { name: 'count', args: [] },
    });
    expect(firstRefused(naming('file:///app/tasks.js'), allowed)).toBe(undefined);
    for (const forged of [
      'file:///app/tasks.js?n=1',
      'file:///app/tasks.js#x',
      'file:///app/tasks.js?',
      'file:///app/%74asks.js',
      'file:///app/./tasks.js',
      'file://localhost/app/tasks.js',
      'FILE:///app/tasks.js',
    ]) {
      expect(firstRefused(naming(forged), allowed)).toBe(forged);
    }
  });

  it('ModuleNotAllowedError says what was refused, what is allowed, and how to fix it', () => {
    const e = new ModuleNotAllowedError('file:///evil.js', ['file:///app/tasks.js']);
    expect(e.code).toBe('ERR_MODULE_NOT_ALLOWED');
    expect(e.message).toContain('file:///evil.js');
    expect(e.message).toContain('file:///app/tasks.js');
    expect(e.message).toContain('--tasks');
  });

  it('data roots confine byte ranges, symbolic links followed', () => {
    const inside = join(dir, 'data');
    mkdirSync(inside);
    writeFileSync(join(inside, 'a.txt'), 'a');
    writeFileSync(join(dir, 'secret.txt'), 's');
    symlinkSync(join(dir, 'secret.txt'), join(inside, 'sneaky.txt'));
    const roots = dataRootsOf('f', [inside]);
    expect(isUnder(join(inside, 'a.txt'), roots)).toBe(true);
    expect(isUnder(join(inside, '..', 'secret.txt'), roots)).toBe(false);
    expect(isUnder(join(inside, 'sneaky.txt'), roots)).toBe(false);
    expect(isUnder('/etc/passwd', roots)).toBe(false);
  });

  it('a file whose name starts with two dots is inside its root (segments compared, not prefixes)', () => {
    const inside = join(dir, 'dots');
    mkdirSync(join(inside, '..sub'), { recursive: true });
    writeFileSync(join(inside, '..notes.txt'), 'n');
    writeFileSync(join(inside, '..sub', 'x.txt'), 'x');
    writeFileSync(join(dir, 'dots-outside.txt'), 'o');
    const roots = dataRootsOf('f', [inside]);
    expect(isUnder(join(inside, '..notes.txt'), roots)).toBe(true);
    expect(isUnder(join(inside, '..sub', 'x.txt'), roots)).toBe(true);
    expect(isUnder(join(inside, '..', 'dots-outside.txt'), roots)).toBe(false);
    expect(isUnder(dir, roots)).toBe(false);
  });
});

describe('task module versions', () => {
  it('a module digest is the sha256 of its bytes; a mismatch names the module and both digests', async () => {
    const file = join(dir, 'versioned.js');
    writeFileSync(file, 'export const v = 1;');
    const url = pathToFileURL(file).href;
    const digest = await moduleDigest(url);
    expect(digest).toBe(createHash('sha256').update('export const v = 1;').digest('hex'));
    expect(await moduleDigest('file:///no/such/module.js')).toBe(undefined);
    const local = new Map([[url, digest!]]);
    expect(firstMismatch({ [url]: digest! }, local)).toBe(undefined);
    expect(firstMismatch({}, local)).toBe(undefined);
    const other = 'f'.repeat(64);
    expect(firstMismatch({ [url]: other }, local)).toEqual({
      module: url,
      coordinator: other,
      worker: digest,
    });
    const e = new TaskModuleMismatchError(url, other, digest!);
    expect(e.code).toBe('ERR_TASK_MODULE_MISMATCH');
    expect(e.message).toContain(url);
    expect(e.message).toContain(other);
    expect(e.message).toContain(digest!);
  });
});

describe('messages from Redis are checked, not trusted', () => {
  it('chunk job ids carry the run and the chunk index', () => {
    expect(chunkIndexOf('run1', chunkJobId('run1', 12))).toBe(12);
    expect(chunkIndexOf('run1', 'run12-3')).toBe(undefined);
    expect(chunkIndexOf('run1', 'run1-x')).toBe(undefined);
    expect(chunkIndexOf('run1', 'run1-')).toBe(undefined);
  });

  it('malformed chunk data and replies are refused with a clear error', () => {
    const good = {
      v: WIRE_VERSION,
      runId: 'r',
      index: 0,
      job: { stages: [], fold: {} },
      input: { kind: 'items', items: [] },
    };
    expect(checkChunkData(good, 'r-0')).toBe(good);
    expect(() => checkChunkData({ ...good, v: 1 }, 'r-0')).toThrow(/wire format 1/);
    expect(() => checkChunkData({ ...good, index: -1 }, 'r-0')).toThrow(/index/);
    expect(() =>
      checkChunkData(
        { ...good, input: { kind: 'ranges', ranges: [{ path: '/x', start: 5, end: 1 }] } },
        'r-0',
      ),
    ).toThrow(/ranges/);
    const split = [
      { path: '/a', start: 0, end: 3 },
      { path: '/b', start: 0, end: 4 },
    ];
    expect(
      checkChunkData({ ...good, input: { kind: 'ranges', ranges: split } }, 'r-0').input,
    ).toEqual({ kind: 'ranges', ranges: split });
    for (const ranges of [[], [{ path: '/a', start: 2, end: 1 }], 'x', [null]]) {
      expect(() => checkChunkData({ ...good, input: { kind: 'ranges', ranges } }, 'r-0')).toThrow(
        /data\.input\.ranges is not a non-empty array/,
      );
    }
    expect(() => checkChunkData({ ...good, input: {} }, 'r-0')).toThrow(
      /neither .*items.* nor .*ranges/,
    );
    // The shape of wire version 1 (untagged) is refused, not misread.
    expect(() => checkChunkData({ ...good, input: { items: [] } }, 'r-0')).toThrow(/neither/);
    const digests = { 'file:///a.js': 'a'.repeat(64) };
    expect(checkChunkData({ ...good, digests }, 'r-0').digests).toEqual(digests);
    for (const bad of ['x', [1], { 'file:///a.js': 'abc' }, { 'file:///a.js': 7 }]) {
      expect(() => checkChunkData({ ...good, digests: bad }, 'r-0')).toThrow(/data\.digests/);
    }
    expect(() => checkChunkData('x', 'r-0')).toThrow(/not a polyfold message/);
    expect(checkChunkReply({ ok: true, acc: 1, items: 2 }, 'r-0')).toMatchObject({ ok: true });
    expect(() => checkChunkReply({ ok: 'yes' }, 'r-0')).toThrow(/neither/);
    // The worker's timing is optional (older workers send none) but must be a duration.
    expect(checkChunkReply({ ok: true, acc: 1, items: 2, micros: 35.5 }, 'r-0')).toMatchObject({
      micros: 35.5,
    });
    for (const micros of [-1, 'fast', Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => checkChunkReply({ ok: true, acc: 1, items: 2, micros }, 'r-0')).toThrow(
        /micros is not a duration/,
      );
    }
  });
});

describe('optional peers', () => {
  it('a missing bullmq is MissingDependencyError saying what to install', async () => {
    const notFound = Object.assign(new Error("Cannot find package 'bullmq'"), {
      code: 'ERR_MODULE_NOT_FOUND',
    });
    const error = await importPeer('bullmq', () => Promise.reject(notFound)).catch((e) => e);
    expect(error).toBeInstanceOf(MissingDependencyError);
    expect(error.code).toBe('ERR_MISSING_DEPENDENCY');
    expect(error.message).toContain('npm install bullmq ioredis');
    expect(error.cause).toBe(notFound);
    // Other failures are not disguised as a missing package.
    await expect(importPeer('bullmq', () => Promise.reject(new SyntaxError('x')))).rejects.toThrow(
      SyntaxError,
    );
  });
});
