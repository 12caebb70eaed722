/**
 * Type-level machinery for generic functions: which static type a registered runtime type
 * stands for, and how each `register` call refines the generic function's call signature.
 * No runtime code lives here.
 */
import type { AbstractType } from './abstract-type.js';

/** Any function; the shape of a generic function's default implementation. */
export type AnyFunction = (this: any, ...args: any[]) => any;

/**
 * What `register` accepts: a constructor (class or built-in), `Number`/`String`/`Boolean`/
 * `BigInt`/`Symbol` for primitives, `null`, `undefined`, or an abstract type.
 */
export type Registrable = Function | AbstractType<any> | null | undefined;

/** The static type of the values a registered runtime type dispatches. */
export type InstanceOf<T> = T extends null
  ? null
  : T extends undefined
    ? undefined
    : T extends NumberConstructor
      ? number
      : T extends StringConstructor
        ? string
        : T extends BooleanConstructor
          ? boolean
          : T extends BigIntConstructor
            ? bigint
            : T extends SymbolConstructor
              ? symbol
              : T extends ObjectConstructor
                ? {}
                : T extends FunctionConstructor
                  ? Function
                  : T extends AbstractType<infer U>
                    ? U
                    : T extends abstract new (
                          ...args: any
                        ) => infer I
                      ? I
                      : never;

/** The parameters after the dispatched one. */
export type RestParameters<F> = F extends (first: any, ...rest: infer R) => any ? R : [];

/** The signature an implementation registered for `T` adds to the generic function. */
export type Implementation<F extends AnyFunction, T, R> = (
  this: ThisParameterType<F>,
  value: InstanceOf<T>,
  ...rest: RestParameters<F>
) => R;

/** What `explain(value)` returns. */
export interface Explanation {
  /** The generic function's name. */
  readonly function: string;
  /** The MRO walked, most specific first, abstract types included where they were inserted. */
  readonly chain: readonly string[];
  /** The registered types found in the chain, in the order they were considered. */
  readonly candidates: readonly string[];
  /** The type whose implementation is used, `'default'`, or `undefined` when none applies. */
  readonly winner: string | undefined;
  /** The implementation that a call would run, if any. */
  readonly implementation: AnyFunction | undefined;
  /** Set when the call would throw (ambiguity, no implementation). */
  readonly error?: Error;
}

/**
 * A decorator returned by `gf.register(Type)`: works as a TypeScript standard method
 * decorator, as a legacy (`experimentalDecorators`) method decorator, and as a plain
 * function (`gf.register(Type)(fn)` registers `fn` and returns it).
 */
export interface RegisterDecorator {
  <M extends AnyFunction>(method: M, context: ClassMethodDecoratorContext): void;
  <M extends AnyFunction>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<M>,
  ): TypedPropertyDescriptor<M>;
  <M extends AnyFunction>(fn: M): M;
}

/** The methods every generic function has, besides being callable. */
export interface GenericFunctionApi<F extends AnyFunction, Sig extends AnyFunction> {
  /** The `name` option, else the default implementation's name. */
  readonly name: string;
  /**
   * Registers `impl` for values of `type` and returns the generic function with its call
   * signature refined (calls on `InstanceOf<type>` now return `R`).
   */
  register<const T extends Registrable, R>(
    type: T,
    impl: Implementation<F, T, R>,
  ): GenericFunction<F, ((value: InstanceOf<T>, ...rest: RestParameters<F>) => R) & Sig>;
  /** Registers one implementation for several types. */
  register<const T extends readonly Registrable[], R>(
    types: T,
    impl: Implementation<F, T[number], R>,
  ): GenericFunction<F, ((value: InstanceOf<T[number]>, ...rest: RestParameters<F>) => R) & Sig>;
  /** Without an implementation: a decorator (or plain-function registrar) for `type`. */
  register(type: Registrable | readonly Registrable[]): RegisterDecorator;
  /** The implementation used for values of `type` (throws NoImplementationError if none). */
  dispatch(type: Registrable): AnyFunction;
  /** A read-only view of the registrations: type → implementation, in registration order. */
  readonly registry: ReadonlyMap<Registrable, AnyFunction>;
  /** Forgets cached dispatch decisions (they are also dropped on every registration). */
  clearCache(): void;
  /** When `winner` and `loser` (abstract types) compete for one value, `winner` is used. */
  prefer(winner: AbstractType<any>, loser: AbstractType<any>): GenericFunction<F, Sig>;
  /** How a call with `value` would be resolved, without calling anything. */
  explain(value: unknown): Explanation;
}

/** A generic function: callable as `Sig` (refined by registrations) plus its API. */
export type GenericFunction<F extends AnyFunction, Sig extends AnyFunction = F> = Sig &
  GenericFunctionApi<F, Sig>;
