import { describe, expect, it } from 'vitest';
import { jsonPatchDiff, type JsonPatchOperation } from './json-patch-diff.ts';

/** A strict RFC 6902 applier for add/replace/remove, independent of the code under test. */
function applyPatch(document: unknown, ops: readonly JsonPatchOperation[]): unknown {
  let root: unknown = structuredClone(document);
  for (const op of ops) {
    if (op.path === '') {
      if (op.op === 'remove') throw new Error('cannot remove the root');
      root = structuredClone(op.value);
      continue;
    }
    const tokens = op.path
      .slice(1)
      .split('/')
      .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
    const last = tokens.pop() ?? '';
    let parent: unknown = root;
    for (const token of tokens) parent = (parent as Record<string, unknown>)[token];
    applyAt(parent, last, op);
  }
  return root;
}

function applyAt(parent: unknown, key: string, op: JsonPatchOperation): void {
  if (Array.isArray(parent)) {
    const index = Number(key);
    if (!Number.isInteger(index) || index < 0 || index > parent.length) {
      throw new Error(`bad index ${key}`);
    }
    if (op.op === 'add') parent.splice(index, 0, structuredClone(op.value));
    else if (index >= parent.length) throw new Error(`no item ${key}`);
    else if (op.op === 'replace') parent[index] = structuredClone(op.value);
    else parent.splice(index, 1);
    return;
  }
  const object = parent as Record<string, unknown>;
  if (op.op !== 'add' && !(key in object)) throw new Error(`no member ${key}`);
  if (op.op === 'remove') Reflect.deleteProperty(object, key);
  else object[key] = structuredClone(op.value);
}

const vm = {
  apiVersion: 'kubevirt.io/v1',
  kind: 'VirtualMachine',
  metadata: { name: 'testvm', annotations: { 'a/b~c': 'x' } },
  spec: {
    runStrategy: 'Halted',
    template: {
      spec: {
        domain: { devices: { disks: [{ name: 'root', disk: { bus: 'virtio' } }] } },
        volumes: [
          { name: 'root', containerDisk: { image: 'img' } },
          { name: 'cloudinit', cloudInitNoCloud: { userData: '#cloud-config' } },
        ],
      },
    },
  },
};

const defaultedVm = {
  ...vm,
  spec: {
    runStrategy: 'Halted',
    template: {
      metadata: { creationTimestamp: null },
      spec: {
        domain: {
          machine: { type: 'q35' },
          devices: { disks: [{ name: 'root', disk: { bus: 'virtio' } }, { name: 'cloudinit' }] },
        },
        volumes: vm.spec.template.spec.volumes,
      },
    },
  },
};

describe('jsonPatchDiff', () => {
  it.each([
    { name: 'equal documents', from: vm, to: structuredClone(vm) },
    { name: 'defaulting a VM', from: vm, to: defaultedVm },
    { name: 'the reverse of defaulting', from: defaultedVm, to: vm },
    { name: 'a scalar changing type', from: { a: 1 }, to: { a: '1' } },
    { name: 'an object becoming an array', from: { a: { b: 1 } }, to: { a: [1, 2] } },
    { name: 'null values', from: { a: null, b: 1 }, to: { a: 1, b: null } },
    { name: 'arrays growing', from: { l: [1] }, to: { l: [1, 2, 3] } },
    { name: 'arrays shrinking', from: { l: [1, 2, 3, 4] }, to: { l: [9] } },
    { name: 'keys needing escapes', from: { 'x/y': 1, 'p~q': 2 }, to: { 'x/y': 3, 'r~/s': 4 } },
    { name: 'a replaced root', from: { a: 1 }, to: [1] },
    { name: 'nested arrays of objects', from: { l: [{ a: [1] }] }, to: { l: [{ a: [2, 3] }, {}] } },
  ])('yields $name when applied', ({ from, to }) => {
    const ops = jsonPatchDiff(from, to);
    expect(applyPatch(from, ops)).toEqual(to);
  });

  it('returns no operations for equal documents', () => {
    expect(jsonPatchDiff(vm, structuredClone(vm))).toEqual([]);
  });

  it('treats keys holding undefined as absent', () => {
    expect(jsonPatchDiff({ a: 1, b: undefined }, { a: 1, c: undefined })).toEqual([]);
  });

  it.each([
    {
      name: 'an added member and an appended item',
      from: vm,
      to: defaultedVm,
      ops: [
        { op: 'add', path: '/spec/template/metadata', value: { creationTimestamp: null } },
        { op: 'add', path: '/spec/template/spec/domain/machine', value: { type: 'q35' } },
        {
          op: 'add',
          path: '/spec/template/spec/domain/devices/disks/1',
          value: { name: 'cloudinit' },
        },
      ],
    },
    {
      name: 'a removed member and a replaced scalar',
      from: { a: { b: 1, c: 2 } },
      to: { a: { c: 3 } },
      ops: [
        { op: 'remove', path: '/a/b' },
        { op: 'replace', path: '/a/c', value: 3 },
      ],
    },
    {
      name: 'trailing removals from the end first',
      from: { l: ['a', 'b', 'c'] },
      to: { l: ['a'] },
      ops: [
        { op: 'remove', path: '/l/2' },
        { op: 'remove', path: '/l/1' },
      ],
    },
    {
      name: 'escaped pointer tokens',
      from: { m: {} },
      to: { m: { 'kubevirt.io/x~y': 'v' } },
      ops: [{ op: 'add', path: '/m/kubevirt.io~1x~0y', value: 'v' }],
    },
  ])('produces the minimal operations for $name', ({ from, to, ops }) => {
    expect(jsonPatchDiff(from, to)).toEqual(ops);
  });
});
