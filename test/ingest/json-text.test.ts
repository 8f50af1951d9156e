/**
 * What JSON.parse lets through but a record must not have (src/ingest/json-text.ts): a key written twice
 * in one object, and nesting deeper than 32. The full scan and the cheap check of parsed text agree.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonTextProblem, jsonValueProblem, parsedJsonProblem } from '../../src/ingest/json-text.js';

const both = (text: string) => {
  const full = jsonTextProblem(text);
  expect(parsedJsonProblem(text, JSON.parse(text)), text).toEqual(full);
  return full;
};

describe('JSON text checks', () => {
  it('find a duplicate key at any depth, escaped or not, and name the item of an array', () => {
    expect(both('{"a":1,"b":{"a":2},"c":[{"a":1}]}')).toBeUndefined();
    expect(both('{"a":1,"b":2,"a":3}')).toEqual({
      message: 'duplicate key "a": a key may appear only once',
      item: undefined,
      field: 'a',
    });
    expect(both('[{"a":1},{"a":1,"b":2,"\\u0061":3}]')?.item).toBe(2);
    expect(both('[1, "x", {"a": [1, {"b": 1}], "b": 2 , "b" : 3}]')).toEqual({
      message: 'duplicate key "b": a key may appear only once',
      item: 3,
      field: 'b',
    });
    expect(both('{"k\\"":1,"v":"a\\"b\\\\","k\\"":2}')?.message).toBe(
      'duplicate key "k\\"": a key may appear only once',
    );
    // The key written twice is named as a path within its record (the item's, for an array).
    expect(both('{"a":1,"b":2,"a":3}')?.field).toBe('a');
    expect(both('{"id":"n1","status_events":[{"at":1},{"status":"open","status":"x"}]}')?.field).toBe(
      'status_events[1].status',
    );
    expect(both('{"a":{"b":{"c":1,"c":2}}}')?.field).toBe('a.b.c');
    expect(both('[{"a":1},{"x":[{"y":1},{"y":2,"y":3}]}]')).toMatchObject({ item: 2, field: 'x[1].y' });
    // Quotes and braces inside strings are text.
    expect(both('{"a":"{\\"a\\":1,\\"a\\":2}","b":"[[[["}')).toBeUndefined();
  });

  it('refuse nesting deeper than 32 without recursion, 100,000 levels included', () => {
    const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
    expect(both(deep(32))).toBeUndefined();
    expect(both(deep(33))?.message).toBe('is nested more than 32 deep');
    expect(both(`[{"a":${deep(100_000)}}]`)).toEqual({ message: 'is nested more than 32 deep', item: 1 });
    expect(jsonValueProblem(JSON.parse(deep(100_000)))).toBe('is nested more than 32 deep');
    expect(jsonValueProblem({ a: [{ b: 1 }] })).toBeUndefined();
  });

  it('agree on generated objects with repeated keys, escapes and white space', () => {
    const key = fc.constantFrom('a', 'b', 'c', '\\u0061', 'a\\"', 'x y');
    const space = fc.constantFrom('', ' ', '\n', '\t ');
    const scalar = fc.constantFrom('1', '"s"', '"q\\"q"', 'null', 'true', '"\\\\"', '"a:b"');
    const value: fc.Arbitrary<string> = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        scalar,
        tie('object') as fc.Arbitrary<string>,
        tie('array') as fc.Arbitrary<string>,
      ),
      object: fc
        .tuple(fc.array(fc.tuple(key, tie('value') as fc.Arbitrary<string>, space), { maxLength: 4 }), space)
        .map(([pairs, s]) => `{${s}${pairs.map(([k, v, w]) => `"${k}"${w}:${w}${v}`).join(`,${s}`)}}`),
      array: fc
        .array(tie('value') as fc.Arbitrary<string>, { maxLength: 3 })
        .map((vs) => `[${vs.join(',')}]`),
    })).value as fc.Arbitrary<string>;
    fc.assert(
      fc.property(value, (text) => {
        const full = jsonTextProblem(text);
        expect(parsedJsonProblem(text, JSON.parse(text)), text).toEqual(full);
        // A duplicate is found exactly when some object has fewer keys once parsed than it writes.
        expect(full === undefined, text).toBe(!hasDuplicate(text));
      }),
      { numRuns: 1000 },
    );
  });
});

/** A reference: the keys each object writes (a plain scan) against the keys JSON.parse gives it (a reviver). */
function hasDuplicate(text: string): boolean {
  let found = false;
  // JSON.parse's reviver sees each object once; compare its key count with the keys its text writes.
  const counts: number[] = [];
  JSON.parse(text, function (this: unknown, _k, v) {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) counts.push(Object.keys(v).length);
    return v;
  });
  // Keys written in the text, per object, in the order JSON.parse finishes objects (innermost first).
  const written: number[] = [];
  const stack: { keys: number; object: boolean }[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (expectKey) {
        stack[stack.length - 1]!.keys++;
        expectKey = false;
      }
      i = j;
    } else if (c === '{' || c === '[') {
      stack.push({ keys: 0, object: c === '{' });
      expectKey = c === '{';
    } else if (c === '}' || c === ']') {
      const top = stack.pop()!;
      if (top.object) written.push(top.keys);
    } else if (c === ',') expectKey = stack[stack.length - 1]?.object ?? false;
  }
  written.forEach((n, i) => {
    if (n !== counts[i]) found = true;
  });
  return found;
}
