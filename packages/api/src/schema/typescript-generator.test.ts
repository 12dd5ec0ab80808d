import { describe, expect, it } from 'vitest';
import { objectMeta } from './core.ts';
import { array, define, defineEnum, map, object, quantity, ref, string } from './dsl.ts';
import { type KindDefinition, kubevirtKinds } from './kinds.ts';
import { collectDefinitions, generateTypeScript } from './typescript-generator.ts';

const color = defineEnum('Color', ['Red', 'Blue'], 'A color.');
const widgetSpec = define(
  'WidgetSpec',
  object(
    {
      name: string({ description: 'The name.' }),
      color: ref(color),
      sizes: map(quantity()),
      tags: array(string({ enum: ['a', 'b'] })),
      old: string({ deprecated: 'Use name.' }),
      inner: object({ x: string() }, { required: ['x'] }),
    },
    { required: ['name'], description: 'What a widget is.' },
  ),
);
const widgetStatus = define('WidgetStatus', object({}));
const widget: KindDefinition = {
  kind: 'Widget',
  plural: 'widgets',
  singular: 'widget',
  shortNames: [],
  description: 'A widget.',
  spec: widgetSpec,
  status: widgetStatus,
  statusSubresource: true,
  printerColumns: [],
};
const source = generateTypeScript([widget]);

describe('generateTypeScript', () => {
  it.each([
    [
      'a kind interface',
      'export interface Widget {\n  apiVersion?: string;\n  kind?: string;\n  metadata: ObjectMeta;\n  spec: WidgetSpec;\n  status?: WidgetStatus;\n}',
    ],
    [
      'a string-literal union for a named enum',
      "/** A color. */\nexport type Color = 'Red' | 'Blue';",
    ],
    ['required fields without ?', '  name: string;'],
    ['optional fields with ?', '  color?: Color;'],
    ['quantities as string | number', '  sizes?: Record<string, string | number>;'],
    ['parenthesised unions in arrays', "  tags?: ('a' | 'b')[];"],
    ['field descriptions as TSDoc', '  /** The name. */\n  name: string;'],
    ['deprecations as @deprecated', '  /** @deprecated Use name. */\n  old?: string;'],
    ['inline anonymous objects', '  inner?: {\n    x: string;\n  };'],
    ['empty objects as Record<string, never>', 'export type WidgetStatus = Record<string, never>;'],
  ])('emits %s', (_what, expected) => {
    expect(source).toContain(expected);
  });

  it('always emits ObjectMeta', () => {
    expect(source).toContain('export interface ObjectMeta {');
  });

  it('breaks a union that does not fit on one line, as Prettier does', () => {
    const values = Array.from({ length: 12 }, (_, i) => `VeryLongValueNumber${i}`);
    const long = define('Long', object({ v: string({ enum: values }) }));
    const text = generateTypeScript([{ ...widget, spec: long }]);
    expect(text).toContain("  v?:\n    | 'VeryLongValueNumber0'\n    | 'VeryLongValueNumber1'\n");
  });

  it('names every type issue 5 lists', () => {
    const all = generateTypeScript(kubevirtKinds);
    const names = [
      'VirtualMachine',
      'VirtualMachineSpec',
      'VirtualMachineStatus',
      'VirtualMachineInstance',
      'VirtualMachineInstanceSpec',
      'VirtualMachineInstanceStatus',
      'VirtualMachineInstanceTemplateSpec',
      'DomainSpec',
      'Devices',
      'Disk',
      'DiskTarget',
      'LunTarget',
      'CDRomTarget',
      'Interface',
      'Network',
      'PodNetwork',
      'Volume',
      'ContainerDiskSource',
      'CloudInitNoCloudSource',
      'CloudInitConfigDriveSource',
      'PersistentVolumeClaimVolumeSource',
      'EmptyDiskSource',
      'HostDisk',
      'EphemeralVolumeSource',
      'ConfigMapVolumeSource',
      'SecretVolumeSource',
      'Firmware',
      'KernelBoot',
      'KernelBootContainer',
      'CPU',
      'Memory',
      'Machine',
      'ResourceRequirements',
      'Features',
      'VirtualMachineInstanceMigration',
      'VirtualMachineInstanceMigrationSpec',
      'VirtualMachineInstanceMigrationStatus',
      'VirtualMachineInstanceReplicaSet',
      'VirtualMachineInstanceReplicaSetSpec',
      'VirtualMachineInstanceReplicaSetStatus',
      'KubeVirt',
      'KubeVirtConfiguration',
      'DeveloperConfiguration',
      'MigrationConfiguration',
      'VirtualMachineInstanceCondition',
      'VirtualMachineCondition',
      'VirtualMachineInstanceNetworkInterface',
      'VirtualMachineInstanceMigrationState',
      'VirtualMachineStateChangeRequest',
      'ObjectMeta',
    ];
    const missing = names.filter((name) => !all.includes(`export interface ${name} {`));
    expect(missing).toEqual([]);
    const unions = [
      'VirtualMachineRunStrategy',
      'VirtualMachineInstancePhase',
      'VirtualMachinePrintableStatus',
      'EvictionStrategy',
      'VirtualMachineInstanceMigrationPhase',
    ];
    expect(unions.filter((name) => !all.includes(`export type ${name} =`))).toEqual([]);
  });
});

describe('collectDefinitions', () => {
  it('lists each reachable named type once, roots first', () => {
    expect(collectDefinitions([objectMeta, widgetSpec]).map((d) => d.name)).toEqual([
      'ObjectMeta',
      'WidgetSpec',
      'OwnerReference',
      'Color',
    ]);
  });

  it('refuses two different types with one name', () => {
    const clash = define('Color', object({}));
    const spec = define('S', object({ a: ref(color), b: ref(clash) }));
    expect(() => collectDefinitions([spec])).toThrow('two schema definitions are named Color');
  });
});
