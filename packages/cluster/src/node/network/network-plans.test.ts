import { describe, expect, it } from 'vitest';
import { podHash } from './network-names.ts';
import {
  clusterNetworkPlan,
  deleteClusterNetworkPlan,
  deletePodNetworkPlan,
  parseNetnsList,
  podNetworkPlan,
  type IpStep,
} from './network-plans.ts';

const uid = 'b3c1e0d2-1111-4222-8333-944455556666';
const h = podHash(uid);

/** A plan as one line per step: `[guard: run when absent|present of <probe>] <args>`. */
function lines(plan: readonly IpStep[]): string[] {
  return plan.map((step) => {
    const guard =
      step.guard === undefined ? '' : `[${step.guard.runWhen}: ${step.guard.probe.join(' ')}] `;
    return `${guard}${step.args.join(' ')}`;
  });
}

describe('network plans', () => {
  it.each<[string, IpStep[], string[]]>([
    [
      'the cluster network',
      clusterNetworkPlan('dev'),
      [
        '[absent: -n podvisor-dev link show dev lo] netns add podvisor-dev',
        '-n podvisor-dev link set dev lo up',
        '[absent: -n podvisor-dev link show dev pv0] -n podvisor-dev link add name pv0 type bridge',
        '-n podvisor-dev addr replace 10.244.0.1/16 dev pv0',
        '-n podvisor-dev link set dev pv0 up',
        '-n podvisor-dev route replace local 10.96.0.0/16 dev lo',
      ],
    ],
    [
      'a pod network',
      podNetworkPlan({ clusterId: 'dev', podUid: uid, address: '10.244.2.7' }),
      [
        `[absent: -n pv-dev-${h} link show dev lo] netns add pv-dev-${h}`,
        `-n pv-dev-${h} link set dev lo up`,
        `[absent: -n pv-dev-${h} link show dev eth0] -n podvisor-dev link add name pv${h} type veth peer name eth0 netns pv-dev-${h}`,
        `-n podvisor-dev link set dev pv${h} master pv0 up`,
        `-n pv-dev-${h} addr replace 10.244.2.7/16 dev eth0`,
        `-n pv-dev-${h} link set dev eth0 up`,
        `-n pv-dev-${h} route replace default via 10.244.0.1 dev eth0`,
      ],
    ],
    [
      'deleting a pod network',
      deletePodNetworkPlan('dev', uid),
      [
        `[present: -n podvisor-dev link show dev pv${h}] -n podvisor-dev link del dev pv${h}`,
        `[present: -n pv-dev-${h} link show dev lo] netns del pv-dev-${h}`,
      ],
    ],
    [
      "deleting a cluster network with its pods' namespaces, and only its own",
      deleteClusterNetworkPlan('dev', [
        `pv-dev-${h}`,
        `pv-dev-2-${h}`,
        'podvisor-dev',
        'podvisor-other',
        `pv-other-${h}`,
        'pv-dev-0000000000aa',
      ]),
      [
        `netns del pv-dev-${h}`,
        'netns del pv-dev-0000000000aa',
        '[present: -n podvisor-dev link show dev lo] netns del podvisor-dev',
      ],
    ],
  ])('%s', (_, plan, expected) => {
    expect(lines(plan)).toEqual(expected);
  });

  it('never names the root netns: every step targets a namespace it names', () => {
    const plans = [
      clusterNetworkPlan('dev'),
      podNetworkPlan({ clusterId: 'dev', podUid: uid, address: '10.244.1.2' }),
      deletePodNetworkPlan('dev', uid),
    ];
    for (const step of plans.flat()) {
      const targeted = step.args[0] === '-n' || step.args[0] === 'netns';
      expect(targeted, step.args.join(' ')).toBe(true);
    }
  });

  it.each(['10.244.0.1', '10.244.1.1', '127.1.1.2', 'ten', '10.96.0.10'])(
    'refuses to plan a pod with the address %j, naming the field',
    (address) => {
      expect(() => podNetworkPlan({ clusterId: 'dev', podUid: uid, address })).toThrow(
        /address must be a pod address/,
      );
    },
  );

  it('refuses a bad cluster id before planning anything', () => {
    expect(() => clusterNetworkPlan('Bad Id')).toThrow(/clusterId/);
  });

  it.each([
    ['', []],
    ['a\nb (id: 3)\n\n', ['a', 'b']],
    ['podvisor-x (id: 0)\npv-x-0123456789ab\n', ['podvisor-x', 'pv-x-0123456789ab']],
  ])('reads the netns names from `ip netns list` output %j', (output, names) => {
    expect(parseNetnsList(output)).toEqual(names);
  });
});
