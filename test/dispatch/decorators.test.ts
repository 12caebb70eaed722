/**
 * Proves the decorator forms work in BOTH TypeScript modes by type-checking and compiling one
 * fixture with standard decorators and with `experimentalDecorators`, then running the output.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as dispatch from '../../src/dispatch/index.js';

const fixture = fileURLToPath(new URL('../fixtures/decorators/shapes.ts', import.meta.url));
const dispatchIndex = fileURLToPath(new URL('../../src/dispatch/index.ts', import.meta.url));

function compile(experimentalDecorators: boolean): { code: string; diagnostics: string[] } {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    strict: true,
    experimentalDecorators,
    useDefineForClassFields: true,
    skipLibCheck: true,
    types: ['node'],
    lib: ['lib.es2022.d.ts', 'lib.esnext.disposable.d.ts', 'lib.decorators.d.ts'],
    baseUrl: '.',
    paths: { 'polyfold/dispatch': [dispatchIndex] },
    noEmit: false,
  };
  const host = ts.createCompilerHost(options);
  const outputs = new Map<string, string>();
  host.writeFile = (name, text) => outputs.set(name, text);
  const program = ts.createProgram([fixture], options, host);
  const diagnostics = ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file?.fileName === fixture)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  program.emit(program.getSourceFile(fixture));
  const code = [...outputs.entries()].find(([name]) => name.endsWith('shapes.js'))?.[1] ?? '';
  return { code, diagnostics };
}

function load(code: string): Record<string, any> {
  const module = { exports: {} as Record<string, any> };
  const base = createRequire(fixture);
  const require = (id: string) => (id === 'polyfold/dispatch' ? dispatch : base(id));
  new Function('require', 'module', 'exports', code)(require, module, module.exports);
  return module.exports;
}

describe.each([
  ['standard decorators', false],
  ['experimentalDecorators', true],
])('%s', (_mode, legacy) => {
  const { code, diagnostics } = compile(legacy);
  // Loaded lazily so a type error is reported by the first test, not as a load crash.
  let loaded: Record<string, any> | undefined;
  const m = new Proxy({} as Record<string, any>, {
    get: (_t, key: string) => {
      loaded ??= load(code);
      return loaded[key];
    },
  });

  it('type-checks without errors', () => {
    expect(diagnostics).toEqual([]);
    expect(code).toContain(legacy ? '__decorate' : '__esDecorate');
  });

  it('@gf.register(T) on static and instance methods registers them', () => {
    expect(m.area(new m.Circle(1))).toBe(Math.PI);
    expect(m.area(new m.Square(3))).toBe(9);
    expect(() => m.area({})).toThrow('no area');
    // The decorated methods stay usable as methods.
    expect(m.Shapes.circle(new m.Circle(2))).toBe(4 * Math.PI);
  });

  it('singledispatchmethod dispatches on the first argument after this, with this bound', () => {
    const n = new m.Negator();
    expect(n.neg(3)).toBe(-3);
    expect(n.neg(true)).toBe(false);
    n.prefix = '~';
    expect(n.neg('x')).toBe('~x');
    expect(() => n.neg({})).toThrow('cannot negate [object Object]');
  });

  it('a subclass adds and overrides registrations without changing the base class', () => {
    const s = new m.Sub();
    expect(s.neg(3)).toBe(-30);
    expect(s.neg([1, true])).toEqual([-10, false]);
    expect(new m.Negator().neg(3)).toBe(-3);
    expect(() => new m.Negator().neg([1])).toThrow('cannot negate');
    // Order of first calls must not matter.
    expect(new m.Sub().neg(1)).toBe(-10);
  });

  it('works on static methods', () => {
    expect(m.StaticNeg.neg(2)).toBe(-2);
    expect(m.StaticNeg.neg('a')).toBe('static default');
  });

  it('genericFor explains what instances of a class use', () => {
    const gf = m.neg.genericFor(m.Sub);
    expect(gf(5)).toBe(-50);
    expect(gf.explain([1]).winner).toBe('Array');
    expect(m.neg.genericFor(m.Negator).registry.has(Array)).toBe(false);
  });
});
