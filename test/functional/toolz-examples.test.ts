// Doc-tests for the toolz additions: every `@example` in the files below runs, and every line
// written as `expression; // value` (a JavaScript literal) evaluates to that value, compared
// with `equals`. (test/protocols/examples.test.ts does the same for src/protocols.)
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as functional from '../../src/functional/index.js';
import * as protocols from '../../src/protocols/index.js';

const FILES = [
  'src/functional/combinators/join.ts',
  'src/functional/combinators/peek.ts',
  'src/functional/excepts.ts',
];
const root = fileURLToPath(new URL('../../', import.meta.url));

function examples(file: string): { line: number; code: string }[] {
  const text = readFileSync(`${root}${file}`, 'utf8');
  const re = /@example\n((?:\s*\*[^\n]*\n)*?)\s*\*\s*```ts\n((?:\s*\*[^\n]*\n)*?)\s*\*\s*```/g;
  const out: { line: number; code: string }[] = [];
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const code = m[2]!
      .split('\n')
      .map((l) => l.replace(/^\s*\* ?/, ''))
      .join('\n');
    out.push({ line: text.slice(0, m.index).split('\n').length, code });
  }
  return out;
}

function withChecks(code: string): { code: string; checks: number } {
  let checks = 0;
  const lines = code.split('\n').map((line) => {
    const m = /^(\s*)(?!const |let |import |for |if |function|class |try )(.+?);\s*\/\/ (.+)$/.exec(
      line,
    );
    if (!m) return line;
    const [, indent, expr, expected] = m;
    try {
      new Function(`return (${expected});`)();
    } catch {
      return line;
    }
    checks++;
    return `${indent}__check(() => (${expr}), () => (${expected}), ${JSON.stringify(expr)});`;
  });
  return { code: lines.join('\n'), checks };
}

const all = FILES.flatMap((file) => examples(file).map((e) => ({ file, ...e })));

describe('toolz additions: TSDoc examples', () => {
  it('every export has an example, and the examples check values', () => {
    expect(all.length).toBeGreaterThanOrEqual(10);
    expect(all.reduce((n, e) => n + withChecks(e.code).checks, 0)).toBeGreaterThan(15);
  });

  it.each(all.map((e) => [`${e.file}:${e.line}`, e] as const))(
    '%s runs and its values hold',
    (_t, e) => {
      const { code } = withChecks(e.code);
      const js = ts.transpileModule(code, {
        compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS },
      }).outputText;
      const failures: string[] = [];
      const check = (actual: () => unknown, expected: () => unknown, source: string) => {
        const a = actual();
        const b = expected();
        if (!protocols.equals(a, b)) {
          failures.push(`${source} gave ${protocols.repr(a)}, documented ${protocols.repr(b)}`);
        }
      };
      const modules: Record<string, unknown> = {
        'polyfold/functional': functional,
        'polyfold/protocols': protocols,
      };
      const require = (id: string) => {
        if (!(id in modules)) throw new Error(`example imports ${id}`);
        return modules[id];
      };
      new Function('require', 'module', 'exports', '__check', js)(
        require,
        { exports: {} },
        {},
        check,
      );
      expect(failures).toEqual([]);
    },
  );
});
