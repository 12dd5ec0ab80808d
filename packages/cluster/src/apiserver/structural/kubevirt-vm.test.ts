import { describe, expect, it } from 'vitest';
import type { Json, JsonObject } from '../json.ts';
import type { JsonSchema, SchemaResolver } from '../json-schema.ts';
import { statusErrors } from '../status-error.ts';
import { applyDefaults, checkStructural, pruneObject, validateObject } from './index.ts';

const noRefs: SchemaResolver = () => undefined;
const text: JsonSchema = { type: 'string' };

/** An excerpt of KubeVirt's VirtualMachine openAPIV3Schema. */
const vmSchema: JsonSchema = {
  type: 'object',
  properties: {
    apiVersion: text,
    kind: text,
    metadata: { type: 'object' },
    spec: {
      type: 'object',
      required: ['template'],
      properties: {
        running: { type: 'boolean' },
        runStrategy: {
          type: 'string',
          enum: ['Always', 'RerunOnFailure', 'Manual', 'Halted', 'Once'],
        },
        template: {
          type: 'object',
          properties: {
            metadata: {
              type: 'object',
              nullable: true,
              'x-kubernetes-preserve-unknown-fields': true,
            },
            spec: {
              type: 'object',
              required: ['domain'],
              properties: {
                terminationGracePeriodSeconds: { type: 'integer', format: 'int64', default: 180 },
                domain: {
                  type: 'object',
                  required: ['devices'],
                  properties: {
                    cpu: {
                      type: 'object',
                      properties: { cores: { type: 'integer', format: 'int32', minimum: 1 } },
                    },
                    resources: {
                      type: 'object',
                      properties: {
                        requests: {
                          type: 'object',
                          additionalProperties: {
                            anyOf: [{ type: 'integer' }, { type: 'string' }],
                            pattern:
                              '^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$',
                            'x-kubernetes-int-or-string': true,
                          },
                        },
                      },
                    },
                    devices: {
                      type: 'object',
                      properties: {
                        disks: {
                          type: 'array',
                          items: {
                            type: 'object',
                            required: ['name'],
                            properties: {
                              name: text,
                              bootOrder: { type: 'integer' },
                              disk: {
                                type: 'object',
                                properties: { bus: { type: 'string', default: 'virtio' } },
                              },
                            },
                          },
                          'x-kubernetes-list-type': 'map',
                          'x-kubernetes-list-map-keys': ['name'],
                        },
                      },
                    },
                  },
                },
                volumes: {
                  type: 'array',
                  items: {
                    type: 'object',
                    required: ['name'],
                    properties: {
                      name: text,
                      containerDisk: {
                        type: 'object',
                        required: ['image'],
                        properties: { image: text },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
    status: { type: 'object', properties: { printableStatus: text, ready: { type: 'boolean' } } },
  },
};

function vm(spec: JsonObject): JsonObject {
  return { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name: 'vm1' }, spec };
}

function validSpec(): JsonObject {
  return {
    running: false,
    template: {
      metadata: { labels: { 'kubevirt.io/vm': 'vm1' }, anything: { goes: true } },
      spec: {
        domain: {
          cpu: { cores: 2 },
          resources: { requests: { memory: '1Gi', cpu: 1 } },
          devices: {
            disks: [
              { name: 'rootdisk', disk: { bus: 'virtio' } },
              { name: 'cloudinit', disk: {} },
            ],
          },
        },
        volumes: [
          { name: 'rootdisk', containerDisk: { image: 'quay.io/containerdisks/fedora:40' } },
        ],
      },
    },
  };
}

/** Upstream's write path for a custom resource: prune, default, validate. */
function write(obj: Json): {
  value: Json;
  pruned: string[];
  causes: ReturnType<typeof validateObject>;
} {
  const { value, pruned } = pruneObject(obj, vmSchema, noRefs, { isResourceRoot: true });
  const defaulted = applyDefaults(value, vmSchema, noRefs);
  return { value: defaulted, pruned, causes: validateObject(defaulted, vmSchema, noRefs) };
}

describe('a KubeVirt VirtualMachine', () => {
  it('has a structural schema', () => {
    expect(checkStructural(vmSchema)).toEqual([]);
  });

  it('accepts a valid VM and applies nested defaults', () => {
    const result = write(vm(validSpec()));
    expect(result.causes).toEqual([]);
    expect(result.pruned).toEqual([]);
    const spec = (result.value as { spec: { template: { spec: JsonObject } } }).spec.template.spec;
    expect(spec['terminationGracePeriodSeconds']).toBe(180);
    expect(spec['domain']).toMatchObject({
      devices: { disks: [{ disk: { bus: 'virtio' } }, { disk: { bus: 'virtio' } }] },
    });
  });

  it('rejects a string for spec.running with the message kubectl prints', () => {
    const { causes } = write(vm({ ...validSpec(), running: 'yes' }));
    expect(statusErrors.invalid('VirtualMachine', 'vm1', causes, 'kubevirt.io').message).toBe(
      'VirtualMachine.kubevirt.io "vm1" is invalid: spec.running: Invalid value: "string": spec.running in body must be of type boolean: "string"',
    );
  });

  it.each<[string, JsonObject, string[]]>([
    [
      'an unknown runStrategy',
      { ...validSpec(), runStrategy: 'Sometimes' },
      [
        'spec.runStrategy: Unsupported value: "Sometimes": supported values: "Always", "RerunOnFailure", "Manual", "Halted", "Once"',
      ],
    ],
    [
      'too few cores',
      { template: { spec: { domain: { cpu: { cores: 0 }, devices: {} } } } },
      [
        'spec.template.spec.domain.cpu.cores: Invalid value: 0: spec.template.spec.domain.cpu.cores in body should be greater than or equal to 1',
      ],
    ],
    ['a missing domain', { template: { spec: {} } }, ['spec.template.spec.domain: Required value']],
    ['a missing template', { running: true }, ['spec.template: Required value']],
    [
      'duplicate disk names',
      { template: { spec: { domain: { devices: { disks: [{ name: 'd' }, { name: 'd' }] } } } } },
      [
        'spec.template.spec.domain.devices.disks[1]: Duplicate value: map[string]interface {}{"name":"d"}',
      ],
    ],
    [
      'a malformed memory request',
      {
        template: {
          spec: { domain: { devices: {}, resources: { requests: { memory: 'lots' } } } },
        },
      },
      [
        expect.stringMatching(
          /^spec\.template\.spec\.domain\.resources\.requests\.memory: Invalid value: "lots": spec\.template\.spec\.domain\.resources\.requests\.memory in body should match '/,
        ),
      ],
    ],
    [
      'a volume without image',
      {
        template: {
          spec: { domain: { devices: {} }, volumes: [{ name: 'v', containerDisk: {} }] },
        },
      },
      ['spec.template.spec.volumes[0].containerDisk.image: Required value'],
    ],
  ])('rejects %s', (_name, spec, expected) => {
    const { causes } = write(vm(spec));
    expect(causes.map((c) => `${c.field ?? ''}: ${c.message}`)).toEqual(expected);
  });

  it('prunes unknown fields everywhere but under the template metadata', () => {
    const spec = validSpec();
    const input = vm({ ...spec, foo: 1 });
    const template = (
      input['spec'] as { template: { spec: { domain: { devices: { disks: JsonObject[] } } } } }
    ).template;
    const disk = template.spec.domain.devices.disks[0];
    if (disk !== undefined) disk['cache'] = 'none';
    const { pruned, causes, value } = write({ ...input, status: { ready: true, extra: 1 } });
    expect(pruned).toEqual([
      'spec.foo',
      'spec.template.spec.domain.devices.disks[0].cache',
      'status.extra',
    ]);
    expect(causes).toEqual([]);
    expect(value).toMatchObject({ spec: { template: { metadata: { anything: { goes: true } } } } });
  });
});
