import { describe, expect, it } from 'vitest';
import { StatusError } from '../status-error.ts';
import { labelSelectorToString, matchesLabels } from './label-selector.ts';
import { parseLabelSelector } from './parse-label-selector.ts';

function parseError(text: string): StatusError {
  try {
    parseLabelSelector(text);
  } catch (error) {
    if (error instanceof StatusError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be rejected`);
}

const nameRule =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

describe('parseLabelSelector', () => {
  it.each([
    ['', ''],
    ['   ', ''],
    ['a=b', 'a=b'],
    ['a==b', 'a==b'],
    ['a!=b', 'a!=b'],
    ['a in (y,x)', 'a in (x,y)'],
    ['a notin (x)', 'a notin (x)'],
    ['a', 'a'],
    ['!a', '!a'],
    ['a>1', 'a>1'],
    ['a<3', 'a<3'],
    ['  b = 2 ,  a in ( x , y ) ', 'a in (x,y),b=2'],
    ['x in (foo,,baz),y,z notin ()', 'x in (,baz,foo),y,z notin ()'],
    ['a=', 'a='],
    ['a in (x,x)', 'a in (x)'],
    ['in in (notin)', 'in in (notin)'],
    ['example.com/app=web', 'example.com/app=web'],
  ])('parses %j into the canonical %j', (text, canonical) => {
    expect(labelSelectorToString(parseLabelSelector(text))).toBe(canonical);
  });

  it.each([
    ['a$b', `unable to parse requirement: <nil>: Invalid value: "a$b": name part ${nameRule}`],
    [
      'a=b$',
      "unable to parse requirement: values[0][a]: Invalid value: \"b$\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    ],
    [
      '/a',
      'unable to parse requirement: <nil>: Invalid value: "/a": prefix part must be non-empty',
    ],
    [
      'x/',
      `unable to parse requirement: <nil>: Invalid value: "x/": name part must be non-empty; name part ${nameRule}`,
    ],
    [
      'k'.repeat(64),
      `unable to parse requirement: <nil>: Invalid value: "${'k'.repeat(64)}": name part must be no more than 63 characters`,
    ],
    [
      'a/b/c',
      `unable to parse requirement: <nil>: Invalid value: "a/b/c": a qualified name ${nameRule} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ],
    ['a in', "unable to parse requirement: found '' expected: '('"],
    ['a in (', "unable to parse requirement: found '', expected: ',', ')' or identifier"],
    ['a notin (x y)', "unable to parse requirement: found 'y', expected: ',' or ')'"],
    ['a>=1', "unable to parse requirement: found '=', expected: identifier"],
    [
      'a>b',
      `unable to parse requirement: values[0]: Invalid value: "b": for 'Gt', 'Lt' operators, the value must be an integer`,
    ],
    ['a b', "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt"],
    ['!', "unable to parse requirement: found '', expected: identifier"],
    ['a=b=c', "found '=', expected: ',' or 'end of string'"],
    [',a', "found ',', expected: !, identifier, or 'end of string'"],
    ['a,', "found '', expected: identifier after ','"],
    ['(', "found '(', expected: !, identifier, or 'end of string'"],
  ])('rejects %j with 400 %j', (text, message) => {
    const error = parseError(text);
    expect(error.code).toBe(400);
    expect(error.reason).toBe('BadRequest');
    expect(error.message).toBe(message);
  });

  it.each([
    ['a=b', { a: 'b' }, true],
    ['a=b', { a: 'c' }, false],
    ['a=b', {}, false],
    ['a!=b', {}, true],
    ['a!=b', { a: 'b' }, false],
    ['a in (x,y)', { a: 'y' }, true],
    ['a notin (x,y)', { a: 'x' }, false],
    ['a notin (x,y)', {}, true],
    ['a', { a: '' }, true],
    ['!a', { a: '' }, false],
    ['!a', { b: 'x' }, true],
    ['a>5', { a: '10' }, true],
    ['a>5', { a: '5' }, false],
    ['a<5', { a: '-1' }, true],
    ['a<5', { a: 'x' }, false],
    ['a=', { a: '' }, true],
    ['a=b,c', { a: 'b' }, false],
    ['a=b,c', { a: 'b', c: '1' }, true],
    ['', { any: 'thing' }, true],
  ])('%j matches %j: %s', (text, labels, expected) => {
    expect(matchesLabels(parseLabelSelector(text), labels)).toBe(expected);
  });

  it('matches objects without labels only when the selector allows absence', () => {
    expect(matchesLabels(parseLabelSelector('!a'), undefined)).toBe(true);
    expect(matchesLabels(parseLabelSelector('a'), undefined)).toBe(false);
  });
});
