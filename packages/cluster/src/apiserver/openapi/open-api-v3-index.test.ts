import { describe, expect, it } from 'vitest';
import { groupVersionPath, openApiV3Index } from './open-api-v3-index.ts';

describe('openApiV3Index', () => {
  it('lists each group-version with a server-relative URL carrying its hash', () => {
    const index = openApiV3Index([
      { group: 'kubevirt.io', version: 'v1', hash: 'BBB' },
      { group: '', version: 'v1', hash: 'AAA' },
    ]);

    expect(index).toEqual({
      paths: {
        'api/v1': { serverRelativeURL: '/openapi/v3/api/v1?hash=AAA' },
        'apis/kubevirt.io/v1': { serverRelativeURL: '/openapi/v3/apis/kubevirt.io/v1?hash=BBB' },
      },
    });
  });

  it('orders the paths the same whatever the input order', () => {
    const a = { group: 'apps', version: 'v1', hash: '1' };
    const b = { group: '', version: 'v1', hash: '2' };
    const c = { group: 'kubevirt.io', version: 'v1', hash: '3' };

    const first = JSON.stringify(openApiV3Index([a, b, c]));

    expect(JSON.stringify(openApiV3Index([c, a, b]))).toBe(first);
    expect(Object.keys((JSON.parse(first) as { paths: object }).paths)).toEqual([
      'api/v1',
      'apis/apps/v1',
      'apis/kubevirt.io/v1',
    ]);
  });

  it('is an empty path map when nothing is served', () => {
    expect(openApiV3Index([])).toEqual({ paths: {} });
  });
});

describe('groupVersionPath', () => {
  it.each([
    ['', 'v1', 'api/v1'],
    ['apps', 'v1', 'apis/apps/v1'],
    ['cdi.kubevirt.io', 'v1beta1', 'apis/cdi.kubevirt.io/v1beta1'],
  ])('puts group %j version %s at %s', (group, version, path) => {
    expect(groupVersionPath(group, version)).toBe(path);
  });
});
