// Doc-tests: every `@example` in src/protocols and src/laws runs, and every line written as
// `expression; // value` (where the value is a JavaScript literal) evaluates to that value.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as dispatch from '../../src/dispatch/index.js';
import * as laws from '../../src/laws/index.js';
import * as protocols from '../../src/protocols/index.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const baseRequire = createRequire(root);
const modules: Record<string, unknown> = {
  'polyfold/protocols': protocols,
  'polyfold/laws': laws,
  'polyfold/dispatch': dispatch,
};

interface Example {
  file: string;
  line: number;
  code: string;
}

function examples(dir: string): Example[] {
  const out: Example[] = [];
  for (const name of readdirSync(`${root}${dir}`).filter((f) => f.endsWith('.ts'))) {
    const text = readFileSync(`${root}${dir}/${name}`, 'utf8');
    const re = /@example\n((?:\s*\*[^\n]*\n)*?)\s*\*\s*```ts\n((?:\s*\*[^\n]*\n)*?)\s*\*\s*```/g;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const code = m[2]!
        .split('\n')
        .map((l) => l.replace(/^\s*\* ?/, ''))
        .join('\n');
      out.push({ file: `${dir}/${name}`, line: text.slice(0, m.index).split('\n').length, code });
    }
  }
  return out;
}

/** `expr; // literal` becomes a check that `expr` equals the literal (when it is one). */
function withChecks(code: string): { code: string; checks: number } {
  let checks = 0;
  const lines = code.split('\n').map((line) => {
    const m = /^(\s*)(?!const |let |import |for |if |class |try )(.+?);\s*\/\/ (.+)$/.exec(line);
    if (!m || m[2]!.includes('console.log(')) return line; // printed output, not a value
    const [, indent, expr, expected] = m;
    try {
      new Function(`return (${expected});`)();
    } catch {
      return line; // a prose comment, not a value
    }
    checks++;
    return `${indent}__check(() => (${expr}), () => (${expected}), ${JSON.stringify(expr)});`;
  });
  return { code: lines.join('\n'), checks };
}

const all = [...examples('src/protocols'), ...examples('src/laws')];

describe('TSDoc examples', () => {
  it('there are examples to run, with documented values to check', () => {
    expect(all.length).toBeGreaterThan(80);
    expect(all.reduce((n, e) => n + withChecks(e.code).checks, 0)).toBeGreaterThan(100);
  });

  it.each(all.map((e) => [`${e.file}:${e.line}`, e] as const))(
    '%s runs and its values hold',
    (_title, example) => {
      const { code } = withChecks(example.code);
      const js = ts.transpileModule(code, {
        compilerOptions: {
          target: ts.ScriptTarget.ES2022,
          module: ts.ModuleKind.CommonJS,
          esModuleInterop: true,
        },
      }).outputText;
      const failures: string[] = [];
      const check = (actual: () => unknown, expected: () => unknown, source: string) => {
        const a = actual();
        const b = expected();
        if (!protocols.equals(a, b))
          failures.push(`${source} gave ${protocols.repr(a)}, documented ${protocols.repr(b)}`);
      };
      const require = (id: string) => modules[id] ?? baseRequire(id);
      const quiet = { ...console, log: () => undefined };
      // Method examples use the module's exports without importing them, as they read in context.
      const context = { ...protocols, ...laws };
      new Function(
        'require',
        'module',
        'exports',
        'console',
        '__check',
        ...Object.keys(context),
        js,
      )(require, { exports: {} }, {}, quiet, check, ...Object.values(context));
      expect(failures).toEqual([]);
    },
  );
});
