import { describe, expect, it } from 'vitest';
import { StatusError } from '../status-error.ts';
import {
  escapeFieldValue,
  fieldSelectorToString,
  matchesFields,
  parseFieldSelector,
} from './parse-field-selector.ts';

describe('parseFieldSelector', () => {
  it.each([
    ['', []],
    ['metadata.name=a', [{ field: 'metadata.name', operator: '=', value: 'a' }]],
    ['metadata.name==a', [{ field: 'metadata.name', operator: '=', value: 'a' }]],
    ['status.phase!=Running', [{ field: 'status.phase', operator: '!=', value: 'Running' }]],
    ['a=', [{ field: 'a', operator: '=', value: '' }]],
    ['a=x\\,y\\=z\\\\', [{ field: 'a', operator: '=', value: 'x,y=z\\' }]],
    [
      'b=2,a=1',
      [
        { field: 'a', operator: '=', value: '1' },
        { field: 'b', operator: '=', value: '2' },
      ],
    ],
    ['a=1,,', [{ field: 'a', operator: '=', value: '1' }]],
  ])('parses %j', (text, requirements) => {
    expect(parseFieldSelector(text).requirements).toEqual(requirements);
  });

  it.each([
    ['a', "invalid selector: 'a'; can't understand 'a'"],
    ['x=1,b', "invalid selector: 'x=1,b'; can't understand 'b'"],
    ['a=b=c', 'invalid field selector: unescaped character in value: 61'],
    ['a==b,c', "invalid selector: 'a==b,c'; can't understand 'c'"],
    ['a=x\\y', 'invalid field selector: invalid escape sequence: \\y'],
    ['a=x\\', 'invalid field selector: invalid escape sequence: \\'],
  ])('rejects %j with 400 %j', (text, message) => {
    let caught: unknown;
    try {
      parseFieldSelector(text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(StatusError);
    expect((caught as StatusError).code).toBe(400);
    expect((caught as StatusError).message).toBe(message);
  });

  it.each([
    ['metadata.name=a', { 'metadata.name': 'a' }, true],
    ['metadata.name=a', { 'metadata.name': 'b' }, false],
    ['metadata.name!=a', { 'metadata.name': 'b' }, true],
    ['spec.nodeName=', { 'metadata.name': 'p' }, true],
    ['spec.nodeName!=', { 'spec.nodeName': 'n1' }, true],
    ['a=1,b=2', { a: '1', b: '3' }, false],
    ['', {}, true],
  ])('%j matches %j: %s', (text, fields, expected) => {
    expect(matchesFields(parseFieldSelector(text), fields)).toBe(expected);
  });

  it('escapes values so that the text form parses back to the same selector', () => {
    const selector = parseFieldSelector(`a=${escapeFieldValue('x,y=z\\')}`);
    expect(selector.requirements[0]?.value).toBe('x,y=z\\');
    expect(parseFieldSelector(fieldSelectorToString(selector))).toEqual(selector);
  });
});
