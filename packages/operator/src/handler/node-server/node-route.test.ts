import { describe, expect, it } from 'vitest';
import { parseNodeRoute } from './node-route.ts';
import { NodeStatusError } from './node-status-error.ts';

const base = '/v1/namespaces/default/virtualmachineinstances/vm1';

describe('parseNodeRoute', () => {
  it.each([
    {
      method: 'GET',
      url: `${base}/console`,
      upgrade: true,
      route: { kind: 'stream', stream: 'console' },
    },
    {
      method: 'GET',
      url: `${base}/vnc?preserveSession=true`,
      upgrade: true,
      route: { kind: 'stream', stream: 'vnc' },
    },
    {
      method: 'GET',
      url: `${base}/spice`,
      upgrade: true,
      route: { kind: 'stream', stream: 'spice' },
    },
    {
      method: 'PUT',
      url: `${base}/pause`,
      upgrade: false,
      route: { kind: 'action', action: 'pause' },
    },
    {
      method: 'PUT',
      url: `${base}/unpause`,
      upgrade: false,
      route: { kind: 'action', action: 'unpause' },
    },
    {
      method: 'PUT',
      url: `${base}/softreboot`,
      upgrade: false,
      route: { kind: 'action', action: 'softreboot' },
    },
    {
      method: 'PUT',
      url: `${base}/reset`,
      upgrade: false,
      route: { kind: 'action', action: 'reset' },
    },
    { method: 'GET', url: `${base}/guestosinfo`, upgrade: false, route: { kind: 'guestosinfo' } },
    {
      method: 'GET',
      url: `${base}/vnc/screenshot?moveCursor=true`,
      upgrade: false,
      route: { kind: 'screenshot' },
    },
  ])('routes $method $url', ({ method, url, upgrade, route }) => {
    expect(parseNodeRoute({ method, url, upgrade })).toEqual({
      namespace: 'default',
      name: 'vm1',
      ...route,
    });
  });

  it.each([
    {
      method: 'GET',
      url: '/v1/namespaces/default/pods/p/console',
      upgrade: true,
      code: 404,
      message: /serves no/,
    },
    {
      method: 'GET',
      url: `${base}/portforward/22`,
      upgrade: true,
      code: 404,
      message: /serves no portforward\/22/,
    },
    { method: 'GET', url: base, upgrade: false, code: 404, message: /serves no/ },
    {
      method: 'PUT',
      url: `${base}/console`,
      upgrade: false,
      code: 405,
      message: /PUT is not allowed .* use GET/,
    },
    { method: 'GET', url: `${base}/console`, upgrade: false, code: 400, message: /is a websocket/ },
    {
      method: 'GET',
      url: `${base}/pause`,
      upgrade: false,
      code: 405,
      message: /GET is not allowed .* use PUT/,
    },
    { method: 'POST', url: `${base}/guestosinfo`, upgrade: false, code: 405, message: /use GET/ },
    {
      method: 'GET',
      url: '/v1/namespaces/Bad_NS/virtualmachineinstances/vm1/console',
      upgrade: true,
      code: 400,
      message: /namespace 'Bad_NS'/,
    },
    {
      method: 'GET',
      url: '/v1/namespaces/default/virtualmachineinstances/..%2f/console',
      upgrade: true,
      code: 400,
      message: /VMI name/,
    },
  ])('refuses $method $url with $code', ({ method, url, upgrade, code, message }) => {
    const attempt = (): unknown => parseNodeRoute({ method, url, upgrade });
    expect(attempt).toThrow(NodeStatusError);
    expect(attempt).toThrow(message);
    try {
      attempt();
    } catch (error) {
      expect((error as NodeStatusError).code).toBe(code);
    }
  });
});

describe('NodeStatusError', () => {
  it('renders a Failure Status with the reason of its code', () => {
    expect(new NodeStatusError(409, 'VMI is not running').toStatus()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'VMI is not running',
      reason: 'Conflict',
      code: 409,
    });
  });
});
