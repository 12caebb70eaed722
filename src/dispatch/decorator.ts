/** The decorator `gf.register(Type)` returns, shared with singledispatchmethod. */
import { InvalidRegistrationError } from './errors.js';
import type { AnyFunction, RegisterDecorator } from './types.js';

/**
 * One function usable as a standard decorator, a legacy decorator and a plain registrar.
 * A standard decorator's second argument is a context object with `kind`; a legacy one gets
 * `(target, key, descriptor)`; a plain call gets just the function.
 */
export function makeRegisterDecorator(
  label: string,
  accept: (fn: AnyFunction) => void,
): RegisterDecorator {
  return function registerDecorator(this: unknown, ...args: unknown[]): unknown {
    const [first, second, third] = args;
    if (args.length === 1) {
      if (typeof first !== 'function')
        throw new InvalidRegistrationError(label, 'impl', first, 'a function');
      accept(first as AnyFunction);
      return first;
    }
    if (args.length === 2 && typeof second === 'object' && second !== null && 'kind' in second) {
      const kind = (second as { kind: unknown }).kind;
      if (kind !== 'method' || typeof first !== 'function') {
        throw new InvalidRegistrationError(
          label,
          'decorator target',
          first,
          `a method (got a ${String(kind)})`,
        );
      }
      accept(first as AnyFunction);
      return undefined;
    }
    const descriptor = third as PropertyDescriptor | undefined;
    if (args.length === 3 && descriptor && typeof descriptor.value === 'function') {
      accept(descriptor.value as AnyFunction);
      return descriptor;
    }
    throw new InvalidRegistrationError(label, 'decorator target', first, 'a method or a function');
  } as RegisterDecorator;
}
