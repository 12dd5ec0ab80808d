import type { VirtualMachine } from '@podvisor/api';
import { addSshKey, splitSshKey } from './cloud-init-ssh-key.ts';

/** The run strategies the form offers (KubeVirt's, without `Once`). */
export const runStrategies = ['Always', 'RerunOnFailure', 'Manual', 'Halted'] as const;
export type RunStrategy = (typeof runStrategies)[number];

/** The memory units the form offers. */
export const memoryUnits = ['Mi', 'Gi'] as const;
export type MemoryUnit = (typeof memoryUnits)[number];

/** The images of the local catalog (`podvisor images build …`), with what the form shows. */
export const catalogImages = [
  { image: 'podvisor.local/tiny', label: 'Tiny (busybox, boots in ~2 s)' },
  { image: 'podvisor.local/debian', label: 'Debian 12 cloud' },
] as const;

/** Everything the Create form edits; numbers are kept as typed so that checks can name them. */
export interface VmFormState {
  readonly name: string;
  readonly namespace: string;
  /** A catalog image or any containerDisk reference. */
  readonly image: string;
  readonly cores: string;
  readonly memory: string;
  readonly memoryUnit: MemoryUnit;
  /** cloud-init user data, without the form's SSH key. */
  readonly userData: string;
  readonly sshKey: string;
  readonly runStrategy: RunStrategy;
  /** Start the VM on creation: false creates it Halted; with Manual the page calls `start`. */
  readonly startNow: boolean;
  /** `key=value` pairs separated by commas. */
  readonly labels: string;
}

/** The fields of the form, as named in validation messages and server-error mapping. */
export type VmFormField = keyof VmFormState;

/** A JSON object the model edits in place of a typed VM (it keeps fields it does not know). */
export type JsonRecord = Record<string, unknown>;

/** The form's starting point in `namespace`. */
export function initialVmForm(namespace: string): VmFormState {
  return {
    name: '',
    namespace,
    image: catalogImages[0].image,
    cores: '1',
    memory: '128',
    memoryUnit: 'Mi',
    userData: '',
    sshKey: '',
    runStrategy: 'Always',
    startNow: true,
    labels: '',
  };
}

const rootDiskName = 'rootdisk';
const cloudInitName = 'cloudinitdisk';

/** A plain object (not an array, not null). */
export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The object at `key` of `parent`, created (or replaced when not an object) as needed. */
function child(parent: JsonRecord, key: string): JsonRecord {
  const value = parent[key];
  if (isRecord(value)) return value;
  const created: JsonRecord = {};
  parent[key] = created;
  return created;
}

/** The array at `key` of `parent`, created (or replaced when not an array) as needed. */
function list(parent: JsonRecord, key: string): unknown[] {
  const value = parent[key];
  if (Array.isArray(value)) return value;
  const created: unknown[] = [];
  parent[key] = created;
  return created;
}

function named(items: readonly unknown[], name: string): JsonRecord | undefined {
  return items.find((item): item is JsonRecord => isRecord(item) && item['name'] === name);
}

/** The volume holding the root disk: `rootdisk`, else the first containerDisk volume. */
export function rootVolumeOf(volumes: readonly unknown[]): JsonRecord | undefined {
  return (
    named(volumes, rootDiskName) ??
    volumes.find((item): item is JsonRecord => isRecord(item) && isRecord(item['containerDisk']))
  );
}

/** The cloud-init NoCloud volume (whatever its name). */
export function cloudInitVolumeOf(volumes: readonly unknown[]): JsonRecord | undefined {
  return volumes.find(
    (item): item is JsonRecord => isRecord(item) && isRecord(item['cloudInitNoCloud']),
  );
}

/** Ensures a virtio disk named `name` (an existing one is left as it is). */
function ensureDisk(devices: JsonRecord, name: string): void {
  const disks = list(devices, 'disks');
  if (named(disks, name) === undefined) disks.push({ name, disk: { bus: 'virtio' } });
}

function removeNamed(parent: JsonRecord, key: string, name: string): void {
  const items = parent[key];
  if (!Array.isArray(items)) return;
  parent[key] = items.filter((item) => !(isRecord(item) && item['name'] === name));
}

/** Parses `key=value, key=value` (invalid entries are skipped; validation reports them). */
export function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const entry of text.split(',')) {
    const [key = '', ...rest] = entry.split('=');
    if (key.trim() !== '' && rest.length > 0) labels[key.trim()] = rest.join('=').trim();
  }
  return labels;
}

/** Labels as the form shows them. */
export function formatLabels(labels: unknown): string {
  if (!isRecord(labels)) return '';
  return Object.entries(labels)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(', ');
}

/** The run strategy the VM is created with: Halted unless the user starts it now. */
export function effectiveRunStrategy(form: VmFormState): RunStrategy {
  return form.startNow ? form.runStrategy : 'Halted';
}

function applyMetadata(vm: JsonRecord, form: VmFormState): void {
  const metadata = child(vm, 'metadata');
  metadata['name'] = form.name;
  metadata['namespace'] = form.namespace;
  const labels = parseLabels(form.labels);
  if (Object.keys(labels).length > 0) metadata['labels'] = labels;
  else delete metadata['labels'];
}

function applyDomain(template: JsonRecord, form: VmFormState): JsonRecord {
  const domain = child(template, 'domain');
  const cores = Number(form.cores);
  child(domain, 'cpu')['cores'] = Number.isInteger(cores) ? cores : form.cores;
  child(child(domain, 'resources'), 'requests')['memory'] = `${form.memory}${form.memoryUnit}`;
  return child(domain, 'devices');
}

function applyRootDisk(template: JsonRecord, devices: JsonRecord, form: VmFormState): void {
  const volumes = list(template, 'volumes');
  let root = rootVolumeOf(volumes);
  if (root === undefined) {
    root = { name: rootDiskName };
    volumes.unshift(root);
  }
  child(root, 'containerDisk')['image'] = form.image;
  ensureDisk(devices, typeof root['name'] === 'string' ? root['name'] : rootDiskName);
}

function applyCloudInit(template: JsonRecord, devices: JsonRecord, form: VmFormState): void {
  const volumes = list(template, 'volumes');
  const userData = addSshKey(form.userData, form.sshKey);
  const existing = cloudInitVolumeOf(volumes);
  if (userData === '') {
    if (existing === undefined) return;
    const source = child(existing, 'cloudInitNoCloud');
    delete source['userData'];
    delete source['userDataBase64'];
    // A volume with nothing else (no secretRef, no network data) goes, with its disk.
    if (Object.keys(source).length > 0) return;
    const name = typeof existing['name'] === 'string' ? existing['name'] : cloudInitName;
    removeNamed(template, 'volumes', name);
    removeNamed(devices, 'disks', name);
    return;
  }
  const volume = existing ?? { name: cloudInitName };
  if (existing === undefined) volumes.push(volume);
  const source = child(volume, 'cloudInitNoCloud');
  delete source['userDataBase64'];
  source['userData'] = userData;
  ensureDisk(devices, typeof volume['name'] === 'string' ? volume['name'] : cloudInitName);
}

/**
 * The VirtualMachine of `form`, built on `base` (the last YAML the user wrote, or nothing): the
 * fields the form knows are set from it, everything else in `base` is kept. `base` is not changed.
 */
export function toVirtualMachine(form: VmFormState, base: JsonRecord = {}): VirtualMachine {
  const vm = structuredClone(base);
  vm['apiVersion'] = 'kubevirt.io/v1';
  vm['kind'] = 'VirtualMachine';
  applyMetadata(vm, form);
  const spec = child(vm, 'spec');
  spec['runStrategy'] = effectiveRunStrategy(form);
  const template = child(child(spec, 'template'), 'spec');
  const devices = applyDomain(template, form);
  applyRootDisk(template, devices, form);
  applyCloudInit(template, devices, form);
  // Keep the keys in the order of the example manifests: apiVersion, kind, metadata, spec, …
  const { apiVersion, kind, metadata, spec: built, ...rest } = vm;
  return { apiVersion, kind, metadata, spec: built, ...rest } as unknown as VirtualMachine;
}

/** Why a YAML object cannot be shown in the form: the message and the path of the culprit. */
export interface VmFormProblem {
  readonly message: string;
  readonly path: readonly (string | number)[];
}

/** A VM read back into the form, or the problem that prevented it. */
export type FromVirtualMachineResult =
  | { readonly ok: true; readonly form: VmFormState; readonly base: JsonRecord }
  | { readonly ok: false; readonly problem: VmFormProblem };

function at(value: unknown, ...keys: string[]): unknown {
  let current = value;
  for (const key of keys) current = isRecord(current) ? current[key] : undefined;
  return current;
}

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  return typeof value === 'number' ? String(value) : '';
}

const mebibyte = 1024 ** 2;
const binaryUnits: Readonly<Record<string, number>> = {
  '': 1,
  Ki: 1024,
  Mi: mebibyte,
  Gi: 1024 ** 3,
  Ti: 1024 ** 4,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
};

/** A memory quantity as the form's amount and unit, when it is a whole number of Mi. */
export function memoryOfQuantity(
  quantity: unknown,
): { memory: string; memoryUnit: MemoryUnit } | undefined {
  const match = /^(\d+)([KMGT]i|[kMGT])?$/.exec(text(quantity).trim());
  if (match === null) return undefined;
  const [, amount = '', suffix = ''] = match;
  if (suffix === 'Mi' || suffix === 'Gi') return { memory: amount, memoryUnit: suffix };
  const bytes = Number(amount) * (binaryUnits[suffix] ?? 1);
  if (bytes === 0 || bytes % mebibyte !== 0) return undefined;
  const mib = bytes / mebibyte;
  return mib % 1024 === 0
    ? { memory: String(mib / 1024), memoryUnit: 'Gi' }
    : { memory: String(mib), memoryUnit: 'Mi' };
}

const memoryPath = ['spec', 'template', 'spec', 'domain', 'resources', 'requests', 'memory'];

function readMemory(vm: JsonRecord): Pick<VmFormState, 'memory' | 'memoryUnit'> | VmFormProblem {
  const raw = at(vm, ...memoryPath);
  if (raw === undefined) return { memory: '', memoryUnit: 'Mi' };
  return (
    memoryOfQuantity(raw) ?? {
      message: `memory ${JSON.stringify(raw)} is not a whole number of Mi: the form shows Mi and Gi (e.g. 128Mi, 2Gi)`,
      path: memoryPath,
    }
  );
}

function readRunStrategy(
  vm: JsonRecord,
  previous: VmFormState,
): Pick<VmFormState, 'runStrategy' | 'startNow'> | VmFormProblem {
  const raw = at(vm, 'spec', 'runStrategy');
  if (raw === undefined || raw === 'Halted')
    return { runStrategy: previous.runStrategy, startNow: false };
  if (raw === 'Manual') return { runStrategy: 'Manual', startNow: previous.startNow };
  const known = runStrategies.find((strategy) => strategy === raw);
  if (known !== undefined) return { runStrategy: known, startNow: true };
  return {
    message: `runStrategy ${JSON.stringify(raw)} is not one the form offers (${runStrategies.join(', ')})`,
    path: ['spec', 'runStrategy'],
  };
}

function readUserData(volumes: readonly unknown[]): Pick<VmFormState, 'userData' | 'sshKey'> {
  const source = at(cloudInitVolumeOf(volumes), 'cloudInitNoCloud');
  let userData = text(at(source, 'userData'));
  const encoded = text(at(source, 'userDataBase64'));
  if (userData === '' && encoded !== '') {
    try {
      userData = atob(encoded);
    } catch {
      userData = '';
    }
  }
  return splitSshKey(userData);
}

function kindProblem(vm: unknown): VmFormProblem | undefined {
  if (!isRecord(vm)) return { message: 'the YAML must be a VirtualMachine object', path: [] };
  if (vm['kind'] !== 'VirtualMachine')
    return {
      message: `kind must be VirtualMachine, not ${JSON.stringify(vm['kind'])}`,
      path: ['kind'],
    };
  const apiVersion = vm['apiVersion'];
  if (apiVersion !== 'kubevirt.io/v1')
    return {
      message: `apiVersion must be kubevirt.io/v1, not ${JSON.stringify(apiVersion)}`,
      path: ['apiVersion'],
    };
  return undefined;
}

function isProblem(value: object): value is VmFormProblem {
  return 'message' in value && 'path' in value;
}

/**
 * Reads a parsed YAML value back into the form. Fields the VM does not name keep `previous`'s
 * value where the form needs one (namespace, run strategy when Halted); the whole object is
 * returned as the `base` that {@link toVirtualMachine} builds on, so unknown fields survive.
 */
export function fromVirtualMachine(vm: unknown, previous: VmFormState): FromVirtualMachineResult {
  const problem = kindProblem(vm);
  if (problem !== undefined || !isRecord(vm))
    return { ok: false, problem: problem ?? { message: 'not an object', path: [] } };
  const memory = readMemory(vm);
  if (isProblem(memory)) return { ok: false, problem: memory };
  const strategy = readRunStrategy(vm, previous);
  if (isProblem(strategy)) return { ok: false, problem: strategy };
  const volumes = at(vm, 'spec', 'template', 'spec', 'volumes');
  const volumeList = Array.isArray(volumes) ? volumes : [];
  const namespace = text(at(vm, 'metadata', 'namespace'));
  const form: VmFormState = {
    name: text(at(vm, 'metadata', 'name')),
    namespace: namespace === '' ? previous.namespace : namespace,
    image: text(at(rootVolumeOf(volumeList), 'containerDisk', 'image')),
    cores: text(at(vm, 'spec', 'template', 'spec', 'domain', 'cpu', 'cores')) || '1',
    ...memory,
    ...readUserData(volumeList),
    ...strategy,
    labels: formatLabels(at(vm, 'metadata', 'labels')),
  };
  return { ok: true, form, base: vm };
}
