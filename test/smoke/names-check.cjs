// Shared by names.mjs and names.cjs: what "a class keeps its name" means, checked on the
// modules of every subpath (keyed by specifier).
const fnToString = Function.prototype.toString;
const isClass = (v) => typeof v === 'function' && fnToString.call(v).startsWith('class');

function classNameProblems(modules) {
  const problems = [];
  let classes = 0;
  for (const [spec, mod] of Object.entries(modules)) {
    for (const [name, value] of Object.entries(mod)) {
      if (!isClass(value)) continue;
      classes++;
      if (value.name !== name) problems.push(`${spec}: class ${name} is named ${value.name}`);
    }
  }
  const { Counter, HashMap, HashSet, compare, repr } = modules['polyfold/protocols'];
  const { singledispatch } = modules['polyfold/dispatch'];
  for (const [cls, name] of [
    [Counter, 'Counter'],
    [HashMap, 'HashMap'],
    [HashSet, 'HashSet'],
  ]) {
    if (cls.name !== name) problems.push(`${name}.name is ${cls.name}`);
  }
  const errors = Object.entries(modules.polyfold).filter(([k]) => k.endsWith('Error'));
  if (errors.length < 5)
    problems.push(`expected the error classes in polyfold, found ${errors.length}`);
  for (const [k, cls] of errors) {
    if (cls.name !== k) problems.push(`error class ${k} is named ${cls.name}`);
  }
  const chain = singledispatch(() => 0).explain(new Counter()).chain;
  if (chain.join() !== 'Counter,HashMap,Object') {
    problems.push(`explain(new Counter()).chain is ${JSON.stringify(chain)}`);
  }
  let message = '';
  try {
    compare(new Counter(), new Counter());
  } catch (e) {
    message = e.message;
  }
  // The class's own name in the message (the describer says "a value of type Counter (…)").
  if (!message.includes('cannot order a value of type Counter') || message.includes('_Counter')) {
    problems.push(`compare(Counter, Counter) says: ${message || 'nothing'}`);
  }
  if (!repr(new Counter('a')).startsWith('Counter(1)')) {
    problems.push(`repr(new Counter('a')) is ${repr(new Counter('a'))}`);
  }
  if (classes < 10) problems.push(`only ${classes} exported classes found; is dist complete?`);
  return problems;
}

module.exports = { classNameProblems };
