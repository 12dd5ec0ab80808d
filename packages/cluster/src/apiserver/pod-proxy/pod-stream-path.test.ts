import { describe, expect, it } from 'vitest';
import { parsePodStreamPath } from './pod-stream-path.ts';

describe('parsePodStreamPath', () => {
  it('reads the namespace, pod, subresource and query', () => {
    const parsed = parsePodStreamPath(
      '/api/v1/namespaces/ns/pods/my%20pod/exec?command=ls&stdout=1',
    );
    expect(parsed).toMatchObject({ namespace: 'ns', name: 'my pod', subresource: 'exec' });
    expect(parsed?.query.getAll('command')).toEqual(['ls']);
  });

  it.each([
    ['/api/v1/namespaces/ns/pods/p'],
    ['/api/v1/namespaces/ns/pods/p/status'],
    ['/api/v1/namespaces/ns/services/p/proxy'],
    ['/apis/apps/v1/namespaces/ns/pods/p/log'],
    ['/api/v1/namespaces/ns/pods/%E0%A4%A/log'],
  ])('ignores %s', (url) => {
    expect(parsePodStreamPath(url)).toBeUndefined();
  });
});
