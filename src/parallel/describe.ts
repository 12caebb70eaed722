/** Short descriptions of values for error messages (never throws). */
export function describeFunction(value: unknown): string {
  if (typeof value !== 'function') {
    return value === null ? 'null' : `a ${typeof value} (not a function)`;
  }
  const name = value.name;
  return name && name !== 'anonymous' ? `the function ${name}` : 'an anonymous function';
}
