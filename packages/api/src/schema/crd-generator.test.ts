import { describe, expect, it } from 'vitest';
import { generateCrd, toCrdSchema, type CrdSchema } from './crd-generator.ts';
import { define, metadata, object, quantity, ref, string } from './dsl.ts';
import { kubevirtKinds } from './kinds.ts';

const crds = kubevirtKinds.map(generateCrd);
const crdOf = (plural: string) => {
  const crd = crds.find((c) => c.spec.names.plural === plural);
  if (crd === undefined) throw new Error(`no CRD ${plural}`);
  return crd;
};
const rootOf = (plural: string) => crdOf(plural).spec.versions[0]?.schema.openAPIV3Schema ?? {};

/** Every schema node below `schema`, with its path. */
function* nodes(schema: CrdSchema, path = ''): Generator<[string, CrdSchema]> {
  yield [path, schema];
  for (const [key, child] of Object.entries(schema.properties ?? {}))
    yield* nodes(child, `${path}.${key}`);
  if (schema.items !== undefined) yield* nodes(schema.items, `${path}[]`);
  if (schema.additionalProperties !== undefined)
    yield* nodes(schema.additionalProperties, `${path}{}`);
}

/** Follows a dotted path of properties (`[]` steps into items). */
function at(schema: CrdSchema, path: string): CrdSchema | undefined {
  let node: CrdSchema | undefined = schema;
  for (const step of path.split('.')) {
    node = step === '[]' ? node?.items : node?.properties?.[step];
  }
  return node;
}

describe('generated CRDs are structural', () => {
  it.each(crds.map((crd) => [crd.metadata.name, crd] as const))(
    '%s: every node has a type (or is int-or-string) and no $ref',
    (_name, crd) => {
      const untyped: string[] = [];
      for (const version of crd.spec.versions) {
        for (const [path, node] of nodes(version.schema.openAPIV3Schema)) {
          const intOrString = node['x-kubernetes-int-or-string'] === true;
          if (node.type === undefined && !intOrString) untyped.push(path);
          if (intOrString && node.type !== undefined) untyped.push(`${path} (typed int-or-string)`);
        }
      }
      expect(untyped).toEqual([]);
      expect(JSON.stringify(crd)).not.toContain('$ref');
    },
  );

  it.each(crds.map((crd) => [crd.metadata.name, crd] as const))(
    '%s: preserves unknown fields only in the places meant to',
    (_name, crd) => {
      const preserving = [...nodes(crd.spec.versions[0]?.schema.openAPIV3Schema ?? {})]
        .filter(([, node]) => node['x-kubernetes-preserve-unknown-fields'] === true)
        .map(([path]) => path.split('.').at(-1));
      const intended = ['metadata', 'podAffinity', 'podAntiAffinity', 'timer', 'managedFields'];
      expect(preserving.filter((key) => !intended.includes(key ?? ''))).toEqual([]);
    },
  );

  it('names, scope and version follow the kubevirt.io/v1 API', () => {
    for (const crd of crds) {
      expect(crd.metadata.name).toBe(`${crd.spec.names.plural}.kubevirt.io`);
      expect(crd.spec.group).toBe('kubevirt.io');
      expect(crd.spec.scope).toBe('Namespaced');
      expect(crd.spec.versions.map((v) => [v.name, v.served, v.storage])).toEqual([
        ['v1', true, true],
      ]);
      expect(crd.spec.names.listKind).toBe(`${crd.spec.names.kind}List`);
    }
  });

  it.each([
    ['virtualmachines', ['vm', 'vms'], ['all']],
    ['virtualmachineinstances', ['vmi', 'vmis'], ['all']],
    ['virtualmachineinstancemigrations', ['vmim', 'vmims'], undefined],
    ['virtualmachineinstancereplicasets', ['vmirs', 'vmirss'], undefined],
    ['kubevirts', ['kv', 'kvs'], undefined],
  ])('%s has short names %j and categories %j', (plural, shortNames, categories) => {
    expect(crdOf(plural).spec.names.shortNames).toEqual(shortNames);
    expect(crdOf(plural).spec.names.categories).toEqual(categories);
  });

  it.each([
    ['virtualmachines', true, false],
    ['virtualmachineinstances', false, false],
    ['virtualmachineinstancemigrations', true, false],
    ['virtualmachineinstancereplicasets', true, true],
    ['kubevirts', true, false],
  ])('%s: status subresource %s, scale subresource %s', (plural, status, scale) => {
    const subresources = crdOf(plural).spec.versions[0]?.subresources;
    expect(subresources?.status !== undefined).toBe(status);
    expect(subresources?.scale !== undefined).toBe(scale);
  });

  it.each([
    ['virtualmachines', ['Age', 'Status', 'Ready']],
    [
      'virtualmachineinstances',
      ['Age', 'Phase', 'IP', 'NodeName', 'Ready', 'Live-Migratable', 'Paused'],
    ],
    ['virtualmachineinstancemigrations', ['Phase', 'VMI']],
    ['virtualmachineinstancereplicasets', ['Desired', 'Current', 'Ready', 'Age']],
    ['kubevirts', ['Age', 'Phase']],
  ])('%s prints the columns %j', (plural, names) => {
    const columns = crdOf(plural).spec.versions[0]?.additionalPrinterColumns ?? [];
    expect(columns.map((c) => c.name)).toEqual(names);
  });

  it('shows Live-Migratable and Paused only with -o wide', () => {
    const columns =
      crdOf('virtualmachineinstances').spec.versions[0]?.additionalPrinterColumns ?? [];
    const wide = columns.filter((c) => c.priority === 1).map((c) => c.name);
    expect(wide).toEqual(['Live-Migratable', 'Paused']);
  });
});

describe('generated CRD content', () => {
  it.each([
    ['virtualmachines', 'spec.runStrategy', 'Always'],
    ['virtualmachines', 'status.printableStatus', 'Stopped'],
    ['virtualmachineinstances', 'status.phase', 'Scheduling'],
    ['virtualmachineinstancemigrations', 'status.phase', 'PreparingTarget'],
    ['kubevirts', 'status.phase', 'Deployed'],
    ['virtualmachines', 'spec.template.spec.evictionStrategy', 'LiveMigrate'],
  ])('%s %s is an enum including %s', (plural, path, value) => {
    expect(at(rootOf(plural), path)?.enum).toContain(value);
  });

  it.each([
    ['virtualmachines', 'spec', ['template']],
    ['virtualmachines', 'spec.template.spec', ['domain']],
    ['virtualmachines', 'spec.template.spec.domain', ['devices']],
    ['virtualmachines', 'spec.template.spec.volumes.[].emptyDisk', ['capacity']],
    ['virtualmachineinstancemigrations', 'spec', ['vmiName']],
    ['virtualmachineinstances', 'spec.domain.devices.disks.[]', ['name']],
  ])('%s %s requires %j', (plural, path, required) => {
    expect(at(rootOf(plural), path)?.required).toEqual(required);
  });

  it('inlines named types with the description of the field that uses them', () => {
    const domain = at(rootOf('virtualmachineinstances'), 'spec.domain');
    expect(domain?.description).toBe('The virtual hardware of the guest.');
    expect(domain?.properties?.devices?.properties?.disks?.type).toBe('array');
  });

  it('describes runStrategy with every strategy', () => {
    const text = at(rootOf('virtualmachines'), 'spec.runStrategy')?.description ?? '';
    for (const strategy of ['Always', 'RerunOnFailure', 'Manual', 'Halted', 'Once']) {
      expect(text).toContain(`${strategy}:`);
    }
  });

  it('marks deprecated fields in their description', () => {
    expect(at(rootOf('virtualmachines'), 'spec.running')?.description).toMatch(
      /Deprecated: Use runStrategy/,
    );
  });

  it('keeps the top-level metadata to the API server and types the template metadata', () => {
    expect(at(rootOf('virtualmachines'), 'metadata')).toEqual({ type: 'object' });
    const template = at(rootOf('virtualmachines'), 'spec.template.metadata');
    expect(template?.properties?.labels?.additionalProperties).toEqual({ type: 'string' });
    expect(template?.['x-kubernetes-preserve-unknown-fields']).toBe(true);
  });

  it('makes timestamps nullable date-time strings', () => {
    const condition = at(rootOf('virtualmachines'), 'status.conditions.[]');
    expect(condition?.properties?.lastTransitionTime).toMatchObject({
      type: 'string',
      format: 'date-time',
      nullable: true,
    });
  });
});

describe('toCrdSchema', () => {
  const named = define('Thing', object({ a: string() }, { description: 'A thing.' }));

  it.each([
    [
      quantity('Size.'),
      {
        description: 'Size.',
        anyOf: [{ type: 'integer' }, { type: 'string' }],
        'x-kubernetes-int-or-string': true,
      },
    ],
    [
      ref(named),
      { description: 'A thing.', type: 'object', properties: { a: { type: 'string' } } },
    ],
    [
      ref(named, { description: 'Mine.' }),
      { description: 'Mine.', type: 'object', properties: { a: { type: 'string' } } },
    ],
    [
      string({ enum: ['A', 'B'], default: 'A' }),
      { type: 'string', enum: ['A', 'B'], default: 'A' },
    ],
    [object({}), { type: 'object' }],
    [metadata(false), { type: 'object' }],
  ])('turns %j into %j', (node, schema) => {
    expect(toCrdSchema(node)).toEqual(schema);
  });
});
