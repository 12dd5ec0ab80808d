import { describe, expect, it } from 'vitest';
import { defaultClusterConfig } from '../cluster-config.ts';
import type { VirtualMachine } from '../generated/kubevirt-types.ts';
import type { FieldError } from './field-error.ts';
import type { Loose } from './loose.ts';
import { baseSpec, deepFreeze, vmWith, withDevices } from './test-fixtures.ts';
import { validateVirtualMachine } from './validate-virtual-machine.ts';

type Expected = [field: string, type: FieldError['type']][];

function check(spec: Loose<VirtualMachine>['spec']): Expected {
  return validateVirtualMachine(deepFreeze(vmWith(spec)), defaultClusterConfig).map((e) => [
    e.field,
    e.type,
  ]);
}

const template = { metadata: { labels: { app: 'x' } }, spec: baseSpec() };

describe('validateVirtualMachine', () => {
  it.each<[string, Loose<VirtualMachine>['spec']]>([
    ['runStrategy Always', { runStrategy: 'Always', template }],
    ['runStrategy Halted', { runStrategy: 'Halted', template }],
    ['running true (deprecated)', { running: true, template }],
    ['neither running nor runStrategy (Halted)', { template }],
  ])('accepts %s', (_, spec) => {
    expect(check(spec)).toEqual([]);
  });

  it.each<[string, Loose<VirtualMachine>['spec'], Expected]>([
    ['no spec', undefined, [['spec', 'FieldValueRequired']]],
    ['no template', { runStrategy: 'Always' }, [['spec.template', 'FieldValueRequired']]],
    [
      'running and runStrategy',
      { running: true, runStrategy: 'Always', template },
      [['spec.running', 'FieldValueInvalid']],
    ],
    [
      'an unknown runStrategy',
      { runStrategy: 'Sometimes' as never, template },
      [['spec.runStrategy', 'FieldValueInvalid']],
    ],
    [
      'a template disk without a volume',
      {
        runStrategy: 'Always',
        template: {
          spec: withDevices({
            disks: [
              { name: 'rootdisk', disk: {} },
              { name: 'foo', disk: {} },
            ],
          }),
        },
      },
      [['spec.template.spec.domain.devices.disks[1].name', 'FieldValueInvalid']],
    ],
    [
      'a template without memory',
      {
        runStrategy: 'Always',
        template: {
          spec: { ...baseSpec(), domain: { devices: baseSpec().domain?.devices ?? {} } },
        },
      },
      [['spec.template.spec.domain.memory.guest', 'FieldValueRequired']],
    ],
  ])('rejects %s', (_, spec, expected) => {
    expect(check(spec)).toEqual(expected);
  });

  it('uses KubeVirt messages that name the field', () => {
    const spec = {
      runStrategy: 'Always' as const,
      running: false,
      template: {
        spec: withDevices({
          disks: [
            { name: 'rootdisk', disk: {} },
            { name: 'foo', disk: {} },
          ],
        }),
      },
    };
    const messages = validateVirtualMachine(vmWith(spec), defaultClusterConfig).map(
      (e) => e.message,
    );
    expect(messages).toEqual([
      'Running and RunStrategy are mutually exclusive. Note that Running is deprecated, please use RunStrategy instead',
      "spec.template.spec.domain.devices.disks[1].name 'foo' not found.",
    ]);
  });
});
