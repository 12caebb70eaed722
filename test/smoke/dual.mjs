// The dual-package hazard, tested on the BUILT package: a program that loads both the ESM and
// the CJS copy of polyfold must still see one dispatch world.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const esm = await import('polyfold/dispatch');
const esmRoot = await import('polyfold');
const cjs = require('polyfold/dispatch');

assert.notEqual(esm.singledispatch, cjs.singledispatch, 'two copies are loaded');
// One copy per format: the root entry re-exports the subpath rather than bundling its own.
assert.equal(esmRoot.NoImplementationError, esm.NoImplementationError);
assert.equal(require('polyfold').NoImplementationError, cjs.NoImplementationError);
// Built-in abstract types are process-wide singletons.
assert.equal(esm.Iterable, cjs.Iterable);

// A generic function from the CJS copy, an abstract type from the ESM copy.
const Marked = esm.abstractType('Marked');
class Sprite {}
const f = cjs.singledispatch((_x) => 'default').register(Marked, () => 'marked');
assert.equal(f(new Sprite()), 'default');
assert.equal(f(new Sprite()), 'default'); // now cached on Sprite.prototype
Marked.register(Sprite); // through the other copy: must invalidate the CJS cache
assert.equal(f(new Sprite()), 'marked');

// And the other way round.
const Tagged = cjs.abstractType('Tagged');
const g = esm.singledispatch((_x) => 'default').register(Tagged, () => 'tagged');
assert.equal(g(new Sprite()), 'default');
Tagged.register(Sprite);
assert.equal(g(new Sprite()), 'tagged');
// A job made by one copy runs with the other's run(), and both recognise it.
const fnEsm = await import('polyfold/functional');
const fnCjs = require('polyfold/functional');
assert.notEqual(fnEsm.run, fnCjs.run, 'two copies of functional are loaded');
const job = fnEsm.pipeline(fnEsm.map((x) => x * 2)).fold(fnEsm.folds.sum());
assert.equal(fnCjs.isJob(job), true);
assert.equal(await fnCjs.run(job, [1, 2, 3]), 12);
const cjsJob = fnCjs.pipeline(fnCjs.filter((x) => x > 1)).fold(fnCjs.folds.count());
assert.equal(fnEsm.isJob(cjsJob), true);
assert.equal(await fnEsm.run(cjsJob, [1, 2, 3]), 2);
console.log("dual ok  ESM and CJS copies share one dispatch world, and run each other's jobs");
