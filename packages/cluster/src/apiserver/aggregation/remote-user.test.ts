import { describe, expect, it } from 'vitest';
import { forwardedHeaders, remoteUserHeaders } from './remote-user.ts';

const user = {
  name: 'alice',
  groups: ['devs', 'system:authenticated'],
  extra: { 'scopes.example.com/a b': ['x', 'y'] },
};

describe('remoteUserHeaders', () => {
  it('sends the user, one group header per group and escaped extra keys', () => {
    expect(remoteUserHeaders(user)).toEqual({
      'X-Remote-User': 'alice',
      'X-Remote-Group': ['devs', 'system:authenticated'],
      'X-Remote-Extra-scopes.example.com%2Fa%20b': ['x', 'y'],
    });
  });
});

describe('forwardedHeaders', () => {
  const incoming = {
    host: 'apiserver:6443',
    accept: 'application/json',
    authorization: 'Bearer secret',
    'impersonate-user': 'bob',
    'impersonate-extra-scopes': 'z',
    'x-remote-user': 'forged',
    'x-remote-group': 'system:masters',
    connection: 'Upgrade, x-hop',
    upgrade: 'websocket',
    'x-hop': '1',
    'sec-websocket-key': 'k',
  };

  it('drops credentials, impersonation, forged user headers and hop-by-hop headers', () => {
    const headers = forwardedHeaders({ incoming, user, remoteAddress: '10.0.0.9', upgrade: false });
    expect(headers).toEqual({
      accept: 'application/json',
      'sec-websocket-key': 'k',
      'x-forwarded-for': '10.0.0.9',
      ...remoteUserHeaders(user),
    });
  });

  it('keeps Connection and Upgrade for an upgrade', () => {
    const headers = forwardedHeaders({ incoming, user, remoteAddress: undefined, upgrade: true });
    expect(headers).toMatchObject({ connection: 'Upgrade, x-hop', upgrade: 'websocket' });
    expect(headers).not.toHaveProperty('x-hop');
    expect(headers).not.toHaveProperty('authorization');
  });
});
