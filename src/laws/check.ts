/**
 * Running laws: every law kit returns named fast-check properties; `checkLaws` runs them all
 * and reports every broken law by name.
 */

import * as fc from 'fast-check';
import { isRevokedProxy } from '../dispatch/internal.js';
import { PolyfoldError } from '../errors/index.js';
import { ProtocolArgumentError } from '../protocols/index.js';

/**
 * Named fast-check properties, one per law (the name states the law).
 *
 * @example
 * ```ts
 * import * as fc from 'fast-check';
 * import { type Laws, monoidLaws } from 'polyfold/laws';
 * const laws: Laws = monoidLaws({ arbitrary: fc.string(), empty: '' });
 * for (const [law, property] of Object.entries(laws)) fc.assert(property); // one law at a time
 * ```
 */
export type Laws = Readonly<Record<string, fc.IProperty<any>>>;

/**
 * One broken law, as reported by {@link checkLaws}.
 *
 * @example
 * ```ts
 * import type { LawFailure } from 'polyfold/laws';
 * const failure: LawFailure = { law: 'reflexivity: equals(a, a)', report: 'Counterexample: [NaN]' };
 * ```
 */
export interface LawFailure {
  /** The law's name, which states it. */
  readonly law: string;
  /** fast-check's report: the counterexample, and the seed and path that replay it. */
  readonly report: string;
}

/**
 * One or more laws do not hold: each entry names the law and carries fast-check's report
 * (the counterexample, its seed and path, to replay it).
 *
 * @example
 * ```ts
 * import * as fc from 'fast-check';
 * import { checkLaws, LawViolationError, monoidLaws } from 'polyfold/laws';
 * try {
 *   checkLaws(monoidLaws({ arbitrary: fc.integer(), empty: 0, concat: (a, b) => a - b }));
 * } catch (e) {
 *   (e as LawViolationError).code; // 'ERR_LAW_VIOLATED'
 *   (e as LawViolationError).failures.length; // 2 (associativity and left identity)
 * }
 * ```
 */
export class LawViolationError extends PolyfoldError<'ERR_LAW_VIOLATED'> {
  /** Each broken law with fast-check's report. */
  readonly failures: readonly LawFailure[];

  constructor(failures: readonly LawFailure[]) {
    super(
      'ERR_LAW_VIOLATED',
      `${failures.length} law(s) do not hold:\n\n${failures.map((f) => `✗ ${f.law}\n${f.report}`).join('\n\n')}\n\n` +
        'Fix the instance (or the generators you passed, when the report shows they are wrong), then re-run ' +
        'with the reported seed and path to replay the counterexample.',
    );
    this.name = 'LawViolationError';
    this.failures = failures;
  }
}

/**
 * Checks every law and throws {@link LawViolationError} naming each one that fails.
 * `params` go to fast-check (`numRuns`, `seed`, `path`…).
 *
 * When to use: a one-line test of an instance. In a test runner, prefer one test per law
 * (`for (const [name, p] of Object.entries(laws)) it(name, () => fc.assert(p))`) so each
 * law is reported on its own.
 *
 * @example
 * ```ts
 * import * as fc from 'fast-check';
 * import { checkLaws, eqLaws } from 'polyfold/laws';
 * checkLaws(eqLaws({ arbitrary: fc.string(), equalTo: (s) => fc.constant(`${s}`) }), { numRuns: 50 });
 * ```
 */
export function checkLaws(laws: Laws, params?: fc.Parameters<unknown>): void {
  const isObject = (x: unknown) => typeof x === 'object' && x !== null && !isRevokedProxy(x);
  if (!isObject(laws)) {
    throw new ProtocolArgumentError('checkLaws', 'laws', 'an object of named properties', laws);
  }
  if (params !== undefined && !isObject(params)) {
    throw new ProtocolArgumentError(
      'checkLaws',
      'params',
      'fast-check parameters or nothing',
      params,
    );
  }
  const failures: LawFailure[] = [];
  for (const [law, property] of Object.entries(laws)) {
    if (!isObject(property) || typeof (property as { run?: unknown }).run !== 'function') {
      throw new ProtocolArgumentError(
        'checkLaws',
        `laws[${JSON.stringify(law)}]`,
        'a fast-check property (fc.property(…))',
        property,
      );
    }
    const details = fc.check(property, params as fc.Parameters<any>) as fc.RunDetails<unknown>;
    if (details.failed)
      failures.push({ law, report: fc.defaultReportMessage(details) ?? 'failed' });
  }
  if (failures.length > 0) throw new LawViolationError(failures);
}
