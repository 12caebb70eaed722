/** `folds.premap` infers its input from `fn` and its result from the inner fold. */

import { describe, expectTypeOf, it } from 'vitest';
import type { Stats, StatsAcc } from '../../src/functional/folds/index.js';
import * as _ from '../../src/functional/index.js';
import type { HashMap } from '../../src/protocols/index.js';

type Reading = { station: string; temperature: number };
declare const lines: readonly string[];
declare const parse: (line: string) => Reading;
const { folds } = _;

describe('folds.premap', () => {
  it('is a fold of the elements fn accepts, with the inner fold’s result', () => {
    const f = folds.premap((r: Reading) => r.temperature, folds.stats());
    expectTypeOf(f).toEqualTypeOf<_.Fold<Reading, StatsAcc, Stats>>();
  });

  it('types the One Billion Row Challenge line end to end', () => {
    const job = _.pipeline(_.map(parse)).fold(
      folds.groupBy(
        (r: Reading) => r.station,
        folds.premap((r: Reading) => r.temperature, folds.stats()),
      ),
    );
    expectTypeOf(job.apply(lines)).toEqualTypeOf<HashMap<string, Stats>>();
  });

  it('refuses a fn whose output the inner fold cannot take', () => {
    // @ts-expect-error stats() folds numbers, not strings
    folds.premap((r: Reading) => r.station, folds.stats());
  });
});
