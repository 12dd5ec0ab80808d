import type { ClusterConfig, FieldError } from '@podvisor/api';
import { describe, expect, it } from 'vitest';
import {
  admissionHandlers,
  invalidStatus,
  operatorServiceAccounts,
  type Defaulting,
  type Validation,
} from './admission-handlers.ts';
import type { AdmissionDecision, AdmissionRequest, JsonObject } from './admission-review.ts';

const config: ClusterConfig = {
  useEmulation: true,
  featureGates: [],
  machineType: 'q35',
  cpuRequest: '100m',
  memoryOvercommitPercent: 100,
};

/** The object at `path` inside `root`; throws naming the path when it is not an object. */
function objectAt(root: unknown, ...path: string[]): Record<string, unknown> {
  let current = root;
  for (const key of path) {
    current =
      typeof current === 'object' && current !== null ? Reflect.get(current, key) : undefined;
  }
  if (typeof current !== 'object' || current === null)
    throw new Error(`${path.join('.')} is missing`);
  return current as Record<string, unknown>;
}

/** Stand-ins for @podvisor/api: small, visible rules so each case states what it expects. */
const defaulting: Defaulting = {
  defaultVirtualMachine: (vm, cfg) => {
    const copy = structuredClone(vm);
    objectAt(copy, 'spec', 'template', 'spec', 'domain')['machine'] ??= { type: cfg.machineType };
    return copy;
  },
  defaultVirtualMachineInstance: (vmi, cfg) => {
    const copy = structuredClone(vmi);
    objectAt(copy, 'spec', 'domain')['resources'] ??= { requests: { cpu: cfg.cpuRequest } };
    return copy;
  },
  defaultMigration: (m) => m,
};

function fieldError(field: string, message: string): FieldError {
  return { type: 'FieldValueInvalid', field, message };
}

let seenUpdate: Parameters<Validation['validateVirtualMachineInstanceUpdate']>[0] | undefined;

const validation: Validation = {
  validateVirtualMachine: (vm) => {
    const spec = objectAt(vm, 'spec');
    const errors: FieldError[] = [];
    if (spec['running'] !== undefined && spec['runStrategy'] !== undefined) {
      errors.push(fieldError('spec.running', 'Running and RunStrategy are mutually exclusive'));
    }
    if (spec['template'] === undefined) {
      errors.push({
        type: 'FieldValueRequired',
        field: 'spec.template',
        message: 'spec.template is required',
      });
    }
    return errors;
  },
  validateVirtualMachineInstanceCreate: () => [],
  validateVirtualMachineInstanceUpdate: (input) => {
    seenUpdate = input;
    return operatorServiceAccounts('podvisor').includes(input.user.username)
      ? []
      : [{ type: 'FieldValueForbidden', field: 'spec', message: 'spec is immutable' }];
  },
  validateMigrationCreate: () => [],
  validateMigrationUpdate: (old, next) =>
    JSON.stringify(old.spec) === JSON.stringify(next.spec)
      ? []
      : [{ type: 'FieldValueForbidden', field: 'spec', message: 'spec is immutable' }],
  validateVirtualMachineInstanceReplicaSet: () => {
    throw new Error('replicas is not a number');
  },
};

const handlers = admissionHandlers({
  defaulting,
  validation,
  clusterConfig: () => config,
  operatorServiceAccounts: operatorServiceAccounts('podvisor'),
});

function review(request: Partial<AdmissionRequest> & { resource: string }): AdmissionRequest {
  return {
    uid: 'u-1',
    operation: 'CREATE',
    namespace: 'default',
    name: 'x',
    object: undefined,
    oldObject: undefined,
    user: { username: 'alice', groups: ['system:authenticated'] },
    dryRun: false,
    ...request,
  };
}

function call(path: string, request: AdmissionRequest): AdmissionDecision {
  const handler = handlers.get(path);
  if (handler === undefined) throw new Error(`no handler for ${path}`);
  return handler(request);
}

const vm = (spec: JsonObject): JsonObject => ({
  apiVersion: 'kubevirt.io/v1',
  kind: 'VirtualMachine',
  metadata: { name: 'vm' },
  spec,
});
const template = { spec: { domain: { devices: {} } } };

describe('admissionHandlers', () => {
  it('serves every webhook path of the install layout', () => {
    expect([...handlers.keys()].sort()).toEqual([
      '/mutate-migrations',
      '/mutate-virtualmachineinstances',
      '/mutate-virtualmachines',
      '/validate-migrations-create',
      '/validate-migrations-update',
      '/validate-virtualmachineinstances-create',
      '/validate-virtualmachineinstances-update',
      '/validate-virtualmachinereplicasets',
      '/validate-virtualmachines',
    ]);
  });

  it.each([
    {
      name: 'a VM gets its machine type',
      path: '/mutate-virtualmachines',
      request: review({ resource: 'virtualmachines', object: vm({ template }) }),
      patch: [{ op: 'add', path: '/spec/template/spec/domain/machine', value: { type: 'q35' } }],
    },
    {
      name: 'a VM is defaulted on UPDATE too',
      path: '/mutate-virtualmachines',
      request: review({
        resource: 'virtualmachines',
        operation: 'UPDATE',
        object: vm({ template }),
        oldObject: vm({ template }),
      }),
      patch: [{ op: 'add', path: '/spec/template/spec/domain/machine', value: { type: 'q35' } }],
    },
    {
      name: 'a VMI gets its CPU request',
      path: '/mutate-virtualmachineinstances',
      request: review({ resource: 'virtualmachineinstances', object: { spec: { domain: {} } } }),
      patch: [{ op: 'add', path: '/spec/domain/resources', value: { requests: { cpu: '100m' } } }],
    },
  ])('mutates: $name', ({ path, request, patch }) => {
    expect(call(path, request)).toEqual({ allowed: true, patch });
  });

  it.each([
    {
      name: 'an already defaulted VM',
      path: '/mutate-virtualmachines',
      request: review({
        resource: 'virtualmachines',
        object: vm({ template: { spec: { domain: { machine: { type: 'q35' } } } } }),
      }),
    },
    {
      name: 'a VMI update (the spec is immutable; nothing to default)',
      path: '/mutate-virtualmachineinstances',
      request: review({
        resource: 'virtualmachineinstances',
        operation: 'UPDATE',
        object: { spec: { domain: {} } },
        oldObject: { spec: { domain: {} } },
      }),
    },
    {
      name: 'a DELETE without an object',
      path: '/validate-virtualmachines',
      request: review({ resource: 'virtualmachines', operation: 'DELETE' }),
    },
    {
      name: 'a valid VM',
      path: '/validate-virtualmachines',
      request: review({
        resource: 'virtualmachines',
        object: vm({ runStrategy: 'Always', template }),
      }),
    },
    {
      name: 'an unchanged migration spec',
      path: '/validate-migrations-update',
      request: review({
        resource: 'virtualmachineinstancemigrations',
        operation: 'UPDATE',
        object: { spec: { vmiName: 'a' } },
        oldObject: { spec: { vmiName: 'a' } },
      }),
    },
  ])('allows without a patch: $name', ({ path, request }) => {
    expect(call(path, request)).toEqual({ allowed: true });
  });

  it('denies an invalid VM with KubeVirt-style causes', () => {
    const decision = call(
      '/validate-virtualmachines',
      review({ resource: 'virtualmachines', object: vm({ running: true, runStrategy: 'Always' }) }),
    );
    expect(decision).toEqual({
      allowed: false,
      status: {
        code: 422,
        reason: 'Invalid',
        message: 'Running and RunStrategy are mutually exclusive, spec.template is required',
        details: {
          causes: [
            {
              reason: 'FieldValueInvalid',
              field: 'spec.running',
              message: 'Running and RunStrategy are mutually exclusive',
            },
            {
              reason: 'FieldValueRequired',
              field: 'spec.template',
              message: 'spec.template is required',
            },
          ],
        },
      },
    });
  });

  it.each([
    { username: 'alice', allowed: false },
    { username: 'system:serviceaccount:podvisor:virt-handler', allowed: true },
    { username: 'system:serviceaccount:podvisor:virt-controller', allowed: true },
    { username: 'system:serviceaccount:other:virt-controller', allowed: false },
  ])(
    'passes the requesting user $username to the VMI update validator',
    ({ username, allowed }) => {
      const request = review({
        resource: 'virtualmachineinstances',
        operation: 'UPDATE',
        object: { spec: { a: 2 } },
        oldObject: { spec: { a: 1 } },
        user: { username, groups: ['g'] },
      });
      expect(call('/validate-virtualmachineinstances-update', request).allowed).toBe(allowed);
      expect(seenUpdate).toMatchObject({
        old: { spec: { a: 1 } },
        new: { spec: { a: 2 } },
        user: { username, groups: ['g'] },
      });
    },
  );

  it.each([
    {
      name: 'a review for another resource',
      path: '/validate-virtualmachines',
      request: review({ resource: 'pods', object: {} }),
      message: 'expected resource "virtualmachines", got "pods"',
    },
    {
      name: 'an UPDATE without the old object',
      path: '/validate-migrations-update',
      request: review({
        resource: 'virtualmachineinstancemigrations',
        operation: 'UPDATE',
        object: {},
      }),
      message: 'an UPDATE review needs request.oldObject',
    },
    {
      name: 'an object the functions cannot handle',
      path: '/validate-virtualmachinereplicasets',
      request: review({
        resource: 'virtualmachineinstancereplicasets',
        object: { spec: { replicas: 'x' } },
      }),
      message:
        'the virtualmachineinstancereplicasets object could not be admitted: replicas is not a number',
    },
    {
      name: 'a VM the defaulting cannot walk',
      path: '/mutate-virtualmachines',
      request: review({ resource: 'virtualmachines', object: vm({}) }),
      message: expect.stringContaining(
        'the virtualmachines object could not be admitted:',
      ) as unknown,
    },
  ])('denies with 400: $name', ({ path, request, message }) => {
    expect(call(path, request)).toEqual({ allowed: false, status: { code: 400, message } });
  });
});

describe('invalidStatus', () => {
  it('joins the messages with ", " as KubeVirt does', () => {
    expect(invalidStatus([fieldError('a', 'one'), fieldError('b', 'two')]).message).toBe(
      'one, two',
    );
  });
});
