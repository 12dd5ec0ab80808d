import { describe, expect, it } from 'vitest';
import {
  childPidNamespaceOf,
  hostPidOf,
  innermostPid,
  pidsInPidNamespace,
} from './process-table.ts';

describe('innermostPid', () => {
  it.each([
    ['a process in a nested PID namespace', 'Name:\tqemu\nNSpid:\t81234\t7\nNSpgid:\t1\n', 7],
    ['a process in the host namespace', 'Name:\tnode\nNSpid:\t4242\n', 4242],
    ['three levels', 'NSpid:\t9\t8\t3\n', 3],
    ['no NSpid line (an old kernel)', 'Name:\tnode\nPid:\t4242\n', undefined],
    ['a malformed line', 'NSpid:\tabc\n', undefined],
  ])('%s', (_what, status, expected) => {
    expect(innermostPid(status)).toBe(expected);
  });
});

describe('PID namespaces of this process', () => {
  it('finds this process in its own namespace by its pid there', async () => {
    const namespace = await childPidNamespaceOf(process.pid);
    expect(namespace).toMatch(/^pid:\[\d+\]$/);
    expect(await pidsInPidNamespace(namespace ?? '')).toContain(process.pid);
    expect(await hostPidOf(namespace ?? '', process.pid)).toBe(process.pid);
  });

  it('finds nothing in a namespace that does not exist', async () => {
    expect(await pidsInPidNamespace('pid:[1]')).toEqual([]);
    expect(await hostPidOf('pid:[1]', 1)).toBeUndefined();
  });
});
