/**
 * polyfold: Python's singledispatch, the data model's dunder protocols, and map/reduce that
 * runs the same job on an array, a worker pool or a cluster.
 *
 * This entry re-exports every pillar except `polyfold/cluster` and `polyfold/laws`, which
 * have optional peer dependencies.
 *
 * @packageDocumentation
 */
export * from './dispatch/index.js';
export * from './functional/index.js';
export * from './parallel/index.js';
// Both layers export `run` and `local`; the parallel layer's are the functional layer's plus
// partitioned output, so the root entry gives those.
export { local, run } from './parallel/index.js';
export * from './protocols/index.js';
