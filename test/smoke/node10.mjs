// Type-checks a `"module": "commonjs", "moduleResolution": "node10"` consumer against the
// PACKED package: `npm pack`, unpacked as node_modules/polyfold of a scratch project inside
// the repository (so TypeScript finds the package's own dependencies' types further up).
// The consumer's files are written here, not kept as .ts in test/, so the repository's own
// typecheck (NodeNext, before the build) never sees them.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// skipLibCheck as real projects have it: fast-check's own .d.ts does not resolve under node10.
const TSCONFIG = `{
  "compilerOptions": {
    "module": "commonjs",
    "moduleResolution": "node10",
    "target": "es2022",
    "lib": ["es2022"],
    "types": ["node"],
    "strict": true,
    "noEmit": true,
    "skipLibCheck": true,
    "ignoreDeprecations": "5.0"
  },
  "files": ["index.ts"]
}
`;

const INDEX_TS = `// A consumer on \`"module": "commonjs", "moduleResolution": "node10"\` (no \`exports\` support):
// every subpath must resolve to real types through \`typesVersions\`. The @ts-expect-error
// lines prove the types are not \`any\`.
import { HashMap as RootHashMap } from 'polyfold';
import { cluster } from 'polyfold/cluster';
import { singledispatch } from 'polyfold/dispatch';
import { flatMap, folds, pipeline } from 'polyfold/functional';
import { eqLaws } from 'polyfold/laws';
import { defineTasks, threads } from 'polyfold/parallel';
import { Counter, type HashMap, repr } from 'polyfold/protocols';

const area = singledispatch((_x: unknown): number => 0).register(Number, (n) => n * 2);
const doubled: number = area(21);
const counts = new Counter('abracadabra');
const total: number = counts.total();
// @ts-expect-error total() is a number
const wrong: string = counts.total();
const words = pipeline(flatMap((line: string) => line.split(' '))).fold(folds.frequencies());
const m: HashMap<string, number> = new RootHashMap<string, number>();
const s: string = repr(m);
export const used = [doubled, total, wrong, words, s, cluster, eqLaws, defineTasks, threads];
`;

const root = new URL('../..', import.meta.url).pathname;
const scratch = mkdtempSync(join(root, '.node10-'));
let failed = false;
try {
  execFileSync('npm', ['pack', '--silent', '--pack-destination', scratch], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const tarball = readdirSync(scratch).find((f) => f.endsWith('.tgz'));
  const pkgDir = join(scratch, 'node_modules', 'polyfold');
  mkdirSync(pkgDir, { recursive: true });
  execFileSync('tar', ['-xzf', join(scratch, tarball), '-C', pkgDir, '--strip-components=1']);
  writeFileSync(join(scratch, 'tsconfig.json'), TSCONFIG);
  writeFileSync(join(scratch, 'index.ts'), INDEX_TS);
  const tsc = spawnSync(
    process.execPath,
    [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(scratch, 'tsconfig.json')],
    { encoding: 'utf8' },
  );
  if (tsc.status !== 0) {
    failed = true;
    console.error(
      `node10 FAIL the packed package does not type-check under moduleResolution node10:`,
    );
    console.error(tsc.stdout.replaceAll(scratch, '<scratch>') + tsc.stderr);
  } else {
    console.log(
      'node10 ok  every subpath type-checks with module commonjs + moduleResolution node10',
    );
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
