// Bad input gives a clear error: a documented class with a stable code, the offending value,
// a message that names the type and says how to fix it.
import { describe, expect, it } from 'vitest';
import * as _ from '../../src/protocols/index.js';

function caught(f: () => unknown): Error & { code?: string } {
  try {
    f();
  } catch (e) {
    return e as Error & { code?: string };
  }
  throw new Error('expected a throw');
}

describe('bad input', () => {
  it('len(5): UnsupportedTypeError naming number, with the fix', () => {
    const e = caught(() => _.len(5)) as _.UnsupportedTypeError;
    expect(e).toBeInstanceOf(_.UnsupportedTypeError);
    expect(e).toBeInstanceOf(TypeError);
    expect(e.code).toBe('ERR_UNSUPPORTED_TYPE');
    expect(e.name).toBe('UnsupportedTypeError');
    expect(e.value).toBe(5);
    expect(e.typeName).toBe('number');
    expect(e.message).toMatch(/^len: unsupported type number \(the number 5\)\./);
    expect(e.message).toMatch(/\[dunder\.len\]/);
    expect(e.message).toMatch(/len\.register\(Type, impl\)/);
  });

  it("compare(1, 'a'): IncomparableError naming both types", () => {
    const e = caught(() => _.compare(1, 'a')) as _.IncomparableError;
    expect(e).toBeInstanceOf(_.IncomparableError);
    expect(e).toBeInstanceOf(TypeError);
    expect(e.code).toBe('ERR_INCOMPARABLE');
    expect([e.left, e.right]).toEqual([1, 'a']);
    expect(e.message).toMatch(/cannot order the number 1 and the string "a"/);
  });

  it('add({}, {}): UnsupportedTypeError naming both operand types', () => {
    const e = caught(() => _.add({}, {})) as _.UnsupportedTypeError;
    expect(e.code).toBe('ERR_UNSUPPORTED_TYPE');
    expect(e.protocol).toBe('add');
    expect(e.message).toMatch(/add: unsupported operand types Object and Object/);
    const mixed = caught(() => _.add(1, 1n)) as _.UnsupportedTypeError;
    expect(mixed.message).toMatch(/number and bigint \(the number 1 and the bigint 1n\)/);
    expect(mixed.other).toBe(1n);
  });

  it('names user classes and null-prototype objects', () => {
    class Widget {}
    expect(caught(() => _.len(new Widget())).message).toMatch(
      /unsupported type Widget \(a value of type Widget\)\./,
    );
    expect(caught(() => _.compare(Object.create(null), 1)).message).toMatch(
      /Object \(null prototype\)/,
    );
  });

  it('a broken dunder method is reported as ProtocolResultError with the result', () => {
    const e = caught(() => _.len({ [_.dunder.len]: () => -1 })) as _.ProtocolResultError;
    expect(e.code).toBe('ERR_PROTOCOL_RESULT');
    expect(e.result).toBe(-1);
    expect(e.message).toMatch(/needs a non-negative integer/);
  });
});
