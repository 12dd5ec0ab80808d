// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { matchesLabels, parseLabelSelector } from './label-selector.ts';

describe('parseLabelSelector', () => {
  it.each([
    ['', []],
    ['app=web', [{ op: 'equals', key: 'app', value: 'web' }]],
    ['app == web', [{ op: 'equals', key: 'app', value: 'web' }]],
    [
      ' tier!=db , env',
      [
        { op: 'notEquals', key: 'tier', value: 'db' },
        { op: 'exists', key: 'env' },
      ],
    ],
    ['!canary', [{ op: 'notExists', key: 'canary' }]],
    ['vm.kubevirt.io/name=vm1', [{ op: 'equals', key: 'vm.kubevirt.io/name', value: 'vm1' }]],
    ['app=', [{ op: 'equals', key: 'app', value: '' }]],
  ])('reads %j', (text, requirements) => {
    expect(parseLabelSelector(text)).toEqual({ ok: true, requirements });
  });

  it.each([
    ['app=web server', 'Label selector: "web server" is not a valid label value'],
    ['-app=web', 'Label selector: "-app" is not a valid label key'],
    ['!app=web', 'Label selector: cannot read "!app=web": "!" goes only before a bare key'],
    ['=web', 'Label selector: cannot read "=web": expected key=value, key!=value, key or !key'],
  ])('names the term it cannot read in %j', (text, message) => {
    expect(parseLabelSelector(text)).toEqual({ ok: false, message });
  });
});

describe('matchesLabels', () => {
  const labels = { app: 'web', env: 'prod' };
  it.each([
    ['app=web', true],
    ['app=db', false],
    ['app!=db', true],
    ['app!=web', false],
    ['env', true],
    ['zone', false],
    ['!zone', true],
    ['!env', false],
    ['app=web,env=prod', true],
    ['app=web,env=dev', false],
    ['zone!=a', true],
  ])('%s matches {app:web, env:prod}: %s', (text, expected) => {
    const parsed = parseLabelSelector(text);
    if (!parsed.ok) throw new Error(parsed.message);
    expect(matchesLabels(parsed.requirements, labels)).toBe(expected);
  });
});
