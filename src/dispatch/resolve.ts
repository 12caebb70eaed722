/**
 * Resolution: from a value's chain and a registry to one implementation.
 *
 * This is CPython's `_compose_mro` + `_find_impl` for single inheritance. The MRO is the
 * prototype chain; each registered abstract type is inserted right after the most basic link
 * that satisfies it (the link that "introduces" the behaviour), so a class that is itself
 * registered always beats an abstract type it happens to satisfy higher up. Two registered
 * abstract types inserted at the same place are ambiguous unless `prefer` orders them.
 *
 * Nothing here caches: `singledispatch` caches the results per prototype.
 */
import type { AbstractType } from './abstract-type.js';
import type { Chain } from './chain.js';
import { constructorOf, isNullishLink, NULL_LINK } from './chain.js';
import { AmbiguousDispatchError, NoImplementationError } from './errors.js';
import type { Impl, Registry } from './registry.js';

export type { Impl } from './registry.js';

export type MroItem =
  | { readonly kind: 'prototype'; readonly prototype: object }
  | { readonly kind: 'abstract'; readonly type: AbstractType<unknown>; readonly slot: number };

export interface Resolution {
  readonly impl: Impl | undefined;
  /** The MRO item whose implementation won, if any. */
  readonly winner: MroItem | undefined;
  readonly mro: readonly MroItem[];
}

/** The MRO of a chain, with the registered abstract types inserted (see module comment). */
export function composeMro(chain: Chain, abstracts: Iterable<AbstractType<unknown>>): MroItem[] {
  // null and undefined resolve only to their own registrations (see chain.ts).
  if (isNullishLink(chain.prototypes[0]))
    return [{ kind: 'prototype', prototype: chain.prototypes[0]! }];
  const links: unknown[] = chain.hasSelf
    ? [chain.self, ...chain.prototypes]
    : [...chain.prototypes];
  const offset = chain.hasSelf ? 1 : 0;
  // slots[i] holds the abstract types inserted right after links[i].
  const slots: AbstractType<unknown>[][] = links.map(() => []);
  for (const type of abstracts) {
    for (let i = links.length - 1; i >= 0; i--) {
      if (type.satisfiedBy(links[i])) {
        slots[i]!.push(type);
        break;
      }
    }
  }
  const mro: MroItem[] = [];
  for (let i = 0; i < links.length; i++) {
    if (i >= offset) mro.push({ kind: 'prototype', prototype: links[i] as object });
    for (const type of slots[i]!) mro.push({ kind: 'abstract', type, slot: i });
  }
  return mro;
}

function registeredImpl(item: MroItem, registry: Registry): Impl | undefined {
  return item.kind === 'prototype'
    ? registry.byPrototype.get(item.prototype)
    : registry.abstracts.get(item.type);
}

/** Finds the implementation for a chain; throws AmbiguousDispatchError on a tie. */
export function resolveChain(
  chain: Chain,
  registry: Registry,
  functionName: string,
  value: unknown,
): Resolution {
  return findImpl(composeMro(chain, registry.abstracts.keys()), registry, functionName, value);
}

/** CPython's `_find_impl`: the first registered item of an MRO, ties between abstract types settled by `prefer`. */
export function findImpl(
  mro: readonly MroItem[],
  registry: Registry,
  functionName: string,
  value: unknown,
): Resolution {
  for (let i = 0; i < mro.length; i++) {
    const item = mro[i]!;
    const impl = registeredImpl(item, registry);
    if (impl === undefined) continue;
    if (item.kind === 'prototype') return { impl, winner: item, mro };
    // Registered abstract types sharing this slot compete on equal terms.
    const rivals = mro.filter(
      (m): m is Extract<MroItem, { kind: 'abstract' }> =>
        m.kind === 'abstract' && m.slot === item.slot && registry.abstracts.has(m.type),
    );
    if (rivals.length === 1) return { impl, winner: item, mro };
    const beats = (a: AbstractType<unknown>, b: AbstractType<unknown>) =>
      registry.preferences.some(([w, l]) => w === a && l === b);
    const top = rivals.filter((r) => !rivals.some((o) => o !== r && beats(o.type, r.type)));
    if (top.length === 1) {
      const w = top[0]!;
      return { impl: registry.abstracts.get(w.type), winner: w, mro };
    }
    throw new AmbiguousDispatchError(
      functionName,
      value,
      (top.length ? top : rivals).map((r) => r.type.typeName),
    );
  }
  return { impl: undefined, winner: undefined, mro };
}

/** Whether `item` has an implementation of its own in `registry`. */
export function isRegistered(item: MroItem, registry: Registry): boolean {
  return registeredImpl(item, registry) !== undefined;
}

/** The one place a missing implementation becomes an error: names the MRO walked and what is registered. */
export function noImplementation(
  functionName: string,
  value: unknown,
  mro: readonly MroItem[],
  registry: Registry,
): NoImplementationError {
  return new NoImplementationError(functionName, value, mro.map(mroItemName), registry.names());
}

/** A readable name for an MRO item. */
export function mroItemName(item: MroItem): string {
  if (item.kind === 'abstract') return item.type.typeName;
  if (isNullishLink(item.prototype)) return item.prototype === NULL_LINK ? 'null' : 'undefined';
  const ctor = constructorOf(item.prototype);
  return ctor?.name || '(anonymous prototype)';
}
