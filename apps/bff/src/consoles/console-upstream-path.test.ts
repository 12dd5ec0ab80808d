import { describe, expect, it } from 'vitest';
import { consoleUpstreamPath, type ConsoleTarget } from './console-upstream-path.ts';

const base = '/apis/subresources.kubevirt.io/v1/namespaces/team-a/virtualmachineinstances';

describe('consoleUpstreamPath', () => {
  it.each([
    ['serial', `${base}/vm-1/console`],
    ['vnc', `${base}/vm-1/vnc?preserveSession=true`],
    ['spice', `${base}/vm-1/spice`],
  ] as const)('opens the %s console at virt-api’s subresource', (kind, path) => {
    expect(consoleUpstreamPath({ namespace: 'team-a', name: 'vm-1', kind })).toEqual({ path });
  });

  it('accepts a dotted VMI name', () => {
    expect(consoleUpstreamPath({ namespace: 'team-a', name: 'web.v2', kind: 'serial' })).toEqual({
      path: `${base}/web.v2/console`,
    });
  });

  it.each([
    [{ namespace: 'Team', name: 'vm', kind: 'serial' }, 'invalid namespace "Team"'],
    [{ namespace: '..', name: 'vm', kind: 'serial' }, 'invalid namespace ".."'],
    [{ namespace: 'a'.repeat(64), name: 'vm', kind: 'serial' }, 'invalid namespace'],
    [{ namespace: 'ns', name: '../../pods', kind: 'serial' }, 'invalid VMI name "../../pods"'],
    [{ namespace: 'ns', name: 'vm?x=1', kind: 'vnc' }, 'invalid VMI name "vm?x=1"'],
    [{ namespace: 'ns', name: '', kind: 'vnc' }, 'invalid VMI name ""'],
    [{ namespace: 'ns', name: 'vm', kind: 'usbredir' }, 'invalid console kind "usbredir"'],
    [{ namespace: 'ns', name: 'vm', kind: 'toString' }, 'invalid console kind "toString"'],
  ])('refuses %j, naming the field', (target, problem) => {
    const result = consoleUpstreamPath(target as unknown as ConsoleTarget);
    expect(result).toEqual({ problem: expect.stringContaining(problem) as unknown });
  });
});
