// Type-checks every complete TypeScript code block of README.md and docs/*.md with --strict,
// against the sources (`polyfold/<layer>` is mapped to src/<layer>/index.ts), so an example
// that no longer compiles fails `npm test` instead of a reader.
//
// Conventions (for whoever writes docs):
// - A block fenced as ```ts (or ```typescript) is a complete module: it is checked on its own,
//   as if it were a file of a user's project (its imports and declarations in the block).
// - A block that is only a part of a program (it uses names it does not declare, or shows a
//   signature) is fenced as ```ts fragment and is not checked. Blocks in other languages
//   (```js, ```sh, ```text…) are not checked either.
// - A block may hold several files: a line `// file: NAME.ts` starts the file NAME.ts (a
//   path relative to the page; the rest of the line is a comment), so one block can show `tasks.ts` and the `job.ts` that
//   imports `./tasks.js`. Files named this way are shared by the blocks of the same page: a
//   later block can `import { wordCount } from './word-count/job.js'` when an earlier one
//   wrote `// file: word-count/job.ts`.
//
// Usage: node test/docs/snippets.mjs [--keep] — exits 1 and lists the errors by Markdown
// file and line. With --keep, the generated files stay in node_modules/.cache/snippets.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
// Inside the repository, so the blocks resolve fast-check, fp-ts, bullmq… from node_modules,
// and under its package.json ("type": "module"), so a block is an ES module.
const out = join(root, 'node_modules/.cache/snippets');
const keep = process.argv.includes('--keep');

const docs = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `docs/${f}`),
];

/** Every fenced block: its language, the rest of its info string, its text and its line. */
function blocksOf(text) {
  const blocks = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,})(\S*)\s*(.*)$/.exec(lines[i]);
    if (!open) continue;
    const [, indent, fence, lang, info] = open;
    const body = [];
    let j = i + 1;
    for (; j < lines.length && !lines[j].startsWith(`${indent}${fence}`); j++) {
      body.push(lines[j].slice(indent.length));
    }
    blocks.push({ lang, info, text: body.join('\n'), line: i + 2 });
    i = j;
  }
  return blocks;
}

rmSync(out, { recursive: true, force: true });
const origin = new Map(); // generated file → [markdown file, first line of the block]
for (const doc of docs) {
  const slug = doc.replace(/[/.]/g, '_');
  blocksOf(readFileSync(join(root, doc), 'utf8')).forEach((block, n) => {
    if (block.lang !== 'ts' && block.lang !== 'typescript') return;
    if (/\bfragment\b/.test(block.info)) return;
    const dir = join(out, slug);
    // Split on `// file: NAME` lines; text before the first one is the block's own module.
    let name = `block-${block.line}.ts`;
    let start = block.line;
    let lines = [];
    const flush = () => {
      if (lines.join('').trim() === '') return;
      const file = join(dir, name);
      mkdirSync(dirname(file), { recursive: true });
      // `export {}` keeps every block a module of its own: no clashes between blocks.
      writeFileSync(file, `${lines.join('\n')}\nexport {};\n`);
      origin.set(file, [doc, start]);
    };
    block.text.split('\n').forEach((line, k) => {
      const file = /^\/\/ file: (\S+)/.exec(line);
      if (file) {
        flush();
        name = file[1];
        start = block.line + k;
        lines = [line];
        return;
      }
      lines.push(line);
    });
    flush();
    void n;
  });
}

const sources = relative(out, join(root, 'src'));
writeFileSync(
  join(out, 'tsconfig.json'),
  JSON.stringify(
    {
      compilerOptions: {
        target: 'ES2022',
        lib: ['ES2022', 'esnext.disposable'],
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        types: ['node'],
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        allowImportingTsExtensions: true,
        experimentalDecorators: false,
        paths: {
          polyfold: [`${sources}/index.ts`],
          'polyfold/*': [`${sources}/*/index.ts`],
        },
      },
      include: ['**/*.ts'],
    },
    null,
    2,
  ),
);

let output = '';
try {
  execFileSync(
    process.execPath,
    [join(root, 'node_modules/typescript/bin/tsc'), '-p', out, '--pretty', 'false'],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
} catch (error) {
  output = `${error.stdout ?? ''}${error.stderr ?? ''}`;
}

// tsc reports `path(line,col): error …`; point at the Markdown line instead.
const errors = [];
for (const line of output.split('\n')) {
  const m = /^(.+?)\((\d+),(\d+)\): (error .*)$/.exec(line);
  if (!m) {
    if (line.trim() !== '' && errors.length > 0) errors[errors.length - 1] += `\n${line}`;
    else if (line.trim() !== '') errors.push(line);
    continue;
  }
  const file = resolve(root, m[1]);
  const where = origin.get(file);
  if (where === undefined) {
    errors.push(`${relative(root, file)}:${m[2]}: ${m[4]}`);
    continue;
  }
  errors.push(`${where[0]}:${where[1] + Number(m[2]) - 1}: ${m[4]}`);
}

if (!keep) rmSync(out, { recursive: true, force: true });
if (errors.length > 0) {
  console.error(errors.join('\n'));
  console.error(
    `\n${errors.length} error(s) in the TypeScript blocks of the docs. Fix the block, or fence ` +
      'it as ```ts fragment when it is only part of a program (see test/docs/snippets.mjs).',
  );
  process.exit(1);
}
console.log(`snippets ok  ${origin.size} TypeScript blocks of README.md and docs/*.md type-check`);
