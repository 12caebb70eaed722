/**
 * `gf.explain(value)`: resolve the way a call does, then format what resolution saw. Nothing
 * here decides anything — a call and its explanation cannot disagree.
 */
import { chainOf } from './chain.js';
import type { Impl, Registry } from './registry.js';
import type { Resolution } from './resolve.js';
import {
  composeMro,
  isRegistered,
  mroItemName,
  noImplementation,
  resolveChain,
} from './resolve.js';
import type { AnyFunction, Explanation } from './types.js';

/** The explanation of a call of the generic function `functionName` with `value`. */
export function explain(
  functionName: string,
  registry: Registry,
  defaultImpl: Impl | undefined,
  value: unknown,
): Explanation {
  const chain = chainOf(value);
  let resolution: Resolution;
  try {
    resolution = resolveChain(chain, registry, functionName, value);
  } catch (error) {
    // Ambiguity (or an abstract type's test throwing): report the plain chain and the error.
    return {
      function: functionName,
      chain: composeMro(chain, []).map(mroItemName),
      candidates: [],
      winner: undefined,
      implementation: undefined,
      error: error as Error,
    };
  }
  return format(functionName, registry, defaultImpl, value, resolution);
}

function format(
  functionName: string,
  registry: Registry,
  defaultImpl: Impl | undefined,
  value: unknown,
  { impl, winner, mro }: Resolution,
): Explanation {
  const implementation = (impl ?? defaultImpl) as AnyFunction | undefined;
  return {
    function: functionName,
    chain: mro.map(mroItemName),
    candidates: mro.filter((m) => isRegistered(m, registry)).map(mroItemName),
    winner: winner ? mroItemName(winner) : defaultImpl ? 'default' : undefined,
    implementation,
    ...(implementation ? {} : { error: noImplementation(functionName, value, mro, registry) }),
  };
}
