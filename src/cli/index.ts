/**
 * The `polyfold` command (the package's `bin`): `polyfold run` runs an exported job on any
 * executor with a progress bar; `polyfold worker` serves a Redis queue for the cluster
 * executor. The build adds the `#!/usr/bin/env node` line.
 *
 * The process exits explicitly once output is flushed: a worker pool, a Redis connection or
 * an open stdin must not keep a finished command alive.
 *
 * @packageDocumentation
 */
import { processIo } from './io.js';
import { main } from './main.js';

const io = processIo();
const status = await main(process.argv.slice(2), io);
await new Promise<void>((done) => io.stdout.write('', () => done()));
process.exit(status);
