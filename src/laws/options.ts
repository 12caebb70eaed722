/**
 * Checks of a law kit's options, made when the kit is called: a wrong option (an arbitrary
 * that is not one, `equals: 5`, no options at all) is reported at once, naming the option,
 * rather than later inside fast-check as a bare TypeError.
 */
import { isRevokedProxy } from '../dispatch/internal.js';
import { ProtocolArgumentError } from '../protocols/index.js';

/** What an option must be: an arbitrary, a function, a number, a fold, or anything. */
export type Want =
  | 'arbitrary'
  | 'function'
  | 'function?'
  | 'function or null?'
  | 'number?'
  | 'fold'
  | 'any';

const EXPECTED: Record<Want, string> = {
  arbitrary: 'a fast-check arbitrary (fc.integer(), fc.record({…})…)',
  function: 'a function',
  'function?': 'a function or nothing',
  'function or null?': 'a function, null or nothing',
  'number?': 'a finite number or nothing',
  fold: 'a fold (an object with init, step, combine and done methods)',
  any: 'any value',
};

const isObjectLike = (x: unknown): x is object =>
  (typeof x === 'object' ? x !== null : typeof x === 'function') && !isRevokedProxy(x);

const hasMethods = (x: unknown, names: readonly string[]): boolean =>
  isObjectLike(x) && names.every((n) => typeof (x as Record<string, unknown>)[n] === 'function');

function satisfies(want: Want, v: unknown): boolean {
  switch (want) {
    case 'arbitrary':
      return hasMethods(v, ['generate', 'map', 'chain', 'filter']);
    case 'function':
      return typeof v === 'function' && !isRevokedProxy(v);
    case 'function?':
      return v === undefined || satisfies('function', v);
    case 'function or null?':
      return v === null || satisfies('function?', v);
    case 'number?':
      return v === undefined || (typeof v === 'number' && Number.isFinite(v));
    case 'fold':
      return hasMethods(v, ['init', 'step', 'combine', 'done']);
    default:
      return true;
  }
}

/**
 * Throws ProtocolArgumentError (`ERR_INVALID_ARGUMENT`) unless `options` is an object whose
 * listed keys are what the kit needs. Unknown keys are the caller's `checkOptionKeys`.
 */
export function checkLawOptions(
  kit: string,
  options: unknown,
  wants: Readonly<Record<string, Want>>,
): void {
  if (typeof options !== 'object' || options === null || isRevokedProxy(options)) {
    throw new ProtocolArgumentError(kit, 'options', 'an options object', options);
  }
  for (const [key, want] of Object.entries(wants)) {
    const v = (options as Record<string, unknown>)[key];
    if (!satisfies(want, v)) {
      throw new ProtocolArgumentError(kit, `options.${key}`, EXPECTED[want], v);
    }
  }
}

/**
 * `f` with its results checked: each must be a fast-check arbitrary (a user's `equalTo` is
 * called while fast-check generates values, where a wrong result would otherwise surface as a
 * bare TypeError from inside fast-check).
 */
export function arbitraryFrom<A, B>(kit: string, option: string, f: (a: A) => B): (a: A) => B {
  return (a) => {
    const arb = f(a);
    if (!satisfies('arbitrary', arb)) {
      throw new ProtocolArgumentError(kit, `options.${option}(a)`, EXPECTED.arbitrary, arb);
    }
    return arb;
  };
}
