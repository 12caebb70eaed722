// The one error design, checked statically: every code in the ErrorCode union is documented
// in docs/errors.md, and every error thrown in src is a polyfold error with a code from it.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ERROR_CODES,
  isPolyfoldError,
  NoImplementationError,
  PolyfoldError,
  singledispatch,
} from '../../src/dispatch/index.js';
import { InvalidArgumentError, take } from '../../src/functional/index.js';
import { TaskFailedError } from '../../src/parallel/index.js';

const ROOT = join(import.meta.dirname, '../..');
const SRC = join(ROOT, 'src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : /\.ts$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}
const files = sources(SRC).map((f) => ({ path: relative(ROOT, f), text: readFileSync(f, 'utf8') }));
const codesText = readFileSync(join(SRC, 'errors/codes.ts'), 'utf8');
const union = [
  ...codesText.slice(0, codesText.indexOf('export const')).matchAll(/\| '([A-Z_]+)'/g),
].map((m) => m[1]!);

// Thrown classes that are not polyfold errors, each with the reason it may be.
const NOT_POLYFOLD: Record<string, string> = {
  // engine-internal wrapper: unwrapped into TaskFailedError before any caller sees it
  RemoteTaskError: 'internal',
  // CLI-internal signal for Ctrl-C, turned into exit status 130
  Interrupted: 'internal',
};

describe('ErrorCode', () => {
  it('the union and ERROR_CODES list the same codes, once each', () => {
    expect(new Set(union).size).toBe(union.length);
    expect([...ERROR_CODES].sort()).toEqual([...union].sort());
  });

  it('docs/errors.md explains every code', () => {
    const doc = readFileSync(join(ROOT, 'docs/errors.md'), 'utf8');
    const missing = union.filter((c) => !doc.includes(`| \`${c}\` |`));
    expect(missing).toEqual([]);
  });

  it('every code used in src is in the union', () => {
    const used = new Set<string>();
    for (const f of files) {
      if (f.path.endsWith('errors/codes.ts')) continue;
      // Codes polyfold sets: super('ERR_…', …), new …Error('ERR_…', …), code constants.
      for (const m of f.text.matchAll(
        /(?:super\(|Error\(|[^=!]= )\s*'((?:ERR|ABORT)_[A-Z_]+|ABORT_ERR)'/g,
      )) {
        used.add(m[1]!);
      }
    }
    expect([...used].filter((c) => !union.includes(c))).toEqual([]);
  });

  it('every error class in src is a polyfold error', () => {
    const bad: string[] = [];
    for (const f of files) {
      for (const m of f.text.matchAll(/class (\w+) extends (\w+)/g)) {
        const [, name, base] = m;
        if (NOT_POLYFOLD[name!] === undefined && /^(Error|TypeError|RangeError)$/.test(base!)) {
          bad.push(`${f.path}: ${name}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it('no bare Error, TypeError or RangeError is thrown in src', () => {
    const bad: string[] = [];
    for (const f of files) {
      const code = f.text.replace(/^\s*\*.*$/gm, '').replace(/\/\/.*$/gm, '');
      for (const m of code.matchAll(/throw new (Error|TypeError|RangeError)\(/g)) {
        const line = code.slice(0, m.index).split('\n').length;
        bad.push(`${f.path}:${line}`);
      }
    }
    // The one allowed: an unreachable branch of the in-process transport (a bug if it throws).
    expect(bad.filter((b) => !b.startsWith('src/parallel/engine/in-process.ts'))).toEqual([]);
  });
});

describe('PolyfoldError', () => {
  it('every class is a PolyfoldError and keeps its own type and code', () => {
    const show = singledispatch<(x: unknown) => string>({ name: 'show' });
    let caught: unknown;
    try {
      show(42);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(NoImplementationError);
    expect(caught).toBeInstanceOf(TypeError);
    expect(caught).toBeInstanceOf(PolyfoldError);
    expect(isPolyfoldError(caught)).toBe(true);
    expect((caught as NoImplementationError).details).toMatchObject({
      functionName: 'show',
      value: 42,
    });
    const failed = new TaskFailedError('t', 0, new Error('x'));
    expect(failed).toBeInstanceOf(PolyfoldError);
    expect(failed).not.toBeInstanceOf(TypeError);
    expect(failed.code).toBe('ERR_TASK_FAILED');
  });

  it('instanceof PolyfoldError goes by brand: an error of another copy of polyfold matches', () => {
    const foreign = Object.create(
      Object.assign(Object.create(Error.prototype), { [Symbol.for('polyfold.error/v1')]: true }),
    ) as Error;
    expect(foreign).toBeInstanceOf(PolyfoldError);
    expect(new Error('x')).not.toBeInstanceOf(PolyfoldError);
    expect(isPolyfoldError(Proxy.revocable({}, {}).proxy)).toBe(false);
  });

  it('InvalidArgumentError reports its facts as details', () => {
    try {
      take(-1);
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidArgumentError);
      expect((e as InvalidArgumentError).details).toMatchObject({
        functionName: 'take',
        argument: 'n',
        value: -1,
      });
    }
  });
});
