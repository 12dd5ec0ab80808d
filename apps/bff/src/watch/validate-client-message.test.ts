import { describe, expect, it } from 'vitest';
import { validateClientMessage } from './validate-client-message.ts';

const subscribe = { type: 'subscribe', id: 's1', group: '', version: 'v1', resource: 'pods' };

describe('validateClientMessage', () => {
  it('accepts a full subscribe message', () => {
    const message = {
      ...subscribe,
      namespace: 'default',
      name: 'web-0',
      labelSelector: 'app=web',
      fieldSelector: 'status.phase=Running',
    };
    expect(validateClientMessage(message)).toEqual({ ok: true, message });
  });

  it('accepts an unsubscribe message', () => {
    expect(validateClientMessage({ type: 'unsubscribe', id: 's1' })).toEqual({
      ok: true,
      message: { type: 'unsubscribe', id: 's1' },
    });
  });

  it.each<[string, unknown, string, string | null]>([
    ['not an object', [1, 2], 'message', null],
    ['no type', { id: 'a' }, 'type', 'a'],
    ['an unknown type', { type: 'watch', id: 'a' }, 'type', 'a'],
    ['no id', { type: 'unsubscribe' }, 'id', null],
    ['an empty id', { type: 'unsubscribe', id: '' }, 'id', null],
    ['a numeric id', { type: 'unsubscribe', id: 7 }, 'id', null],
    ['no resource', { ...subscribe, resource: undefined }, 'resource', 's1'],
    ['no group', { ...subscribe, group: undefined }, 'group', 's1'],
    ['no version', { ...subscribe, version: undefined }, 'version', 's1'],
    ['a resource with a slash', { ...subscribe, resource: 'pods/log' }, 'resource', 's1'],
    ['an upper-case namespace', { ...subscribe, namespace: 'Default' }, 'namespace', 's1'],
    ['a group with a path', { ...subscribe, group: '../api' }, 'group', 's1'],
    ['a name with a slash', { ...subscribe, name: 'a/b' }, 'name', 's1'],
    ['a non-string selector', { ...subscribe, labelSelector: { app: 'x' } }, 'labelSelector', 's1'],
    ['an unknown field', { ...subscribe, labelselector: 'a=b' }, 'labelselector', 's1'],
    [
      'a subscribe field on unsubscribe',
      { type: 'unsubscribe', id: 'a', resource: 'x' },
      'resource',
      'a',
    ],
  ])('rejects %s, naming the field', (_, value, field, id) => {
    const result = validateClientMessage(value);
    if (result.ok) throw new Error('expected a rejection');
    expect(result.id).toBe(id);
    expect(result.status.code).toBe(400);
    expect(result.status.reason).toBe('BadRequest');
    expect(result.status.message.startsWith(`${field}: `)).toBe(true);
    expect(result.status.details).toMatchObject({ causes: [{ field }] });
  });
});
