import { stringify } from 'yaml';
import { UsageError } from './usage-error.ts';

/** The run strategies `create vm` accepts, as virtctl lists them. */
export const runStrategies = ['Always', 'Manual', 'Halted', 'Once', 'RerunOnFailure'] as const;

/** What `kubectl virt create vm` was asked for. */
export interface VmManifestOptions {
  readonly name: string;
  readonly namespace?: string | undefined;
  readonly runStrategy: string;
  readonly memory: string;
  readonly terminationGracePeriodSeconds: number;
  /** `--volume-containerdisk` values (`src:IMAGE[,name:NAME]`) and `--image` values, in order. */
  readonly containerDisks: readonly string[];
  /** The cloud-init user data (not encoded). */
  readonly cloudInitUserData?: string | undefined;
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

const quantity = /^\d+(\.\d+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/;
const dnsName = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** `src:quay.io/x:tag,name:disk` → its parameters (a bare value is the source). */
function containerDiskParams(flag: string, raw: string): { src: string; name?: string } {
  if (!raw.includes('src:') && !raw.includes('name:')) return { src: raw };
  const params = new Map<string, string>();
  for (const part of raw.split(',')) {
    const colon = part.indexOf(':');
    const key = colon === -1 ? part : part.slice(0, colon);
    if (key !== 'src' && key !== 'name') {
      throw new UsageError(`failed to parse "--${flag}": unknown param(s): ${key}`);
    }
    params.set(key, part.slice(colon + 1));
  }
  const src = params.get('src') ?? '';
  if (src === '') throw new UsageError(`failed to parse "--${flag}": src must be specified`);
  const name = params.get('name');
  return name === undefined ? { src } : { src, name };
}

function checkOptions(options: VmManifestOptions): void {
  if (!dnsName.test(options.name) || options.name.length > 63) {
    throw new UsageError(
      `invalid argument ${JSON.stringify(options.name)} for "--name" flag: must be a lowercase RFC 1123 name`,
    );
  }
  if (!(runStrategies as readonly string[]).includes(options.runStrategy)) {
    throw new UsageError(
      `failed to parse "--run-strategy" flag: invalid RunStrategy "${options.runStrategy}", supported values are: ${runStrategies.join(', ')}`,
    );
  }
  if (!quantity.test(options.memory)) {
    throw new UsageError(
      `failed to parse "--memory" flag: ${JSON.stringify(options.memory)} is not a quantity (for example 512Mi, 2Gi)`,
    );
  }
  if (options.terminationGracePeriodSeconds < 0) {
    throw new UsageError(
      'invalid argument for "--termination-grace-period" flag: must not be negative',
    );
  }
}

function volumes(options: VmManifestOptions): Json[] {
  const list: { [key: string]: Json }[] = [];
  options.containerDisks.forEach((raw, index) => {
    const disk = containerDiskParams('volume-containerdisk', raw);
    const name = disk.name ?? `${options.name}-containerdisk-${index}`;
    if (list.some((v) => v['name'] === name)) {
      throw new UsageError(
        `failed to parse "--volume-containerdisk" flag: there is already a volume with name '${name}'`,
      );
    }
    list.push({ containerDisk: { image: disk.src }, name });
  });
  if (options.cloudInitUserData !== undefined) {
    const userDataBase64 = Buffer.from(options.cloudInitUserData, 'utf8').toString('base64');
    list.push({ cloudInitNoCloud: { userDataBase64 }, name: 'cloudinitdisk' });
  }
  return list;
}

/**
 * The VirtualMachine `virtctl create vm` prints for these options, as a JSON object: run
 * strategy, guest memory, termination grace period, one containerDisk volume per image
 * (named `<vm>-containerdisk-<i>` unless named) and a `cloudinitdisk` NoCloud volume with the
 * user data base64-encoded. Disks are left to the API's defaulting, as virtctl leaves them.
 * Throws a UsageError naming the flag for a bad value.
 */
export function buildVmManifest(options: VmManifestOptions): Json {
  checkOptions(options);
  const vmVolumes = volumes(options);
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachine',
    metadata: {
      creationTimestamp: null,
      name: options.name,
      ...(options.namespace === undefined ? {} : { namespace: options.namespace }),
    },
    spec: {
      runStrategy: options.runStrategy,
      template: {
        metadata: { creationTimestamp: null },
        spec: {
          domain: { devices: {}, memory: { guest: options.memory }, resources: {} },
          terminationGracePeriodSeconds: options.terminationGracePeriodSeconds,
          ...(vmVolumes.length === 0 ? {} : { volumes: vmVolumes }),
        },
      },
    },
    status: {},
  };
}

/** A manifest as YAML the way sigs.k8s.io/yaml writes it: sorted keys, unindented lists. */
export function manifestYaml(manifest: Json): string {
  return stringify(manifest, { sortMapEntries: true, indentSeq: false, lineWidth: 0 });
}

const nameAlphabet = 'bcdfghjklmnpqrstvwxz2456789';

/** `vm-` and five random characters, as virtctl names a VM when `--name` is not given. */
export function randomVmName(random: () => number = Math.random): string {
  let suffix = '';
  for (let i = 0; i < 5; i++) {
    suffix += nameAlphabet[Math.floor(random() * nameAlphabet.length)] ?? 'b';
  }
  return `vm-${suffix}`;
}
