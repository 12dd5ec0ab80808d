import type { EvictionStrategy, KubeVirt } from './generated/kubevirt-types.ts';
import { parseMilliQuantity } from './validation/parse-quantity.ts';

/** The cluster-wide settings that defaulting and validation need, read from the KubeVirt CR. */
export interface ClusterConfig {
  /** The cluster default for VMIs that set none; absent means KubeVirt's `None`. */
  evictionStrategy?: EvictionStrategy;
  /** Run guests with software emulation (TCG) when KVM is unavailable. */
  useEmulation: boolean;
  featureGates: readonly string[];
  /** Default `domain.machine.type`. */
  machineType: string;
  /** Default CPU request of a VMI that sets neither a CPU request nor a limit. */
  cpuRequest: string;
  /** Guest memory ÷ memory request, in percent (100 = no overcommit). */
  memoryOvercommitPercent: number;
}

/** KubeVirt's defaults, used for every setting the KubeVirt CR leaves out. */
export const defaultClusterConfig: ClusterConfig = {
  useEmulation: false,
  featureGates: [],
  machineType: 'q35',
  cpuRequest: '100m',
  memoryOvercommitPercent: 100,
};

/** The parts of the KubeVirt CR read here; read loosely, because the CR is user input. */
interface ConfigurationView {
  evictionStrategy?: unknown;
  machineType?: unknown;
  cpuRequest?: unknown;
  architectureConfiguration?: { amd64?: { machineType?: unknown } };
  developerConfiguration?: {
    useEmulation?: unknown;
    featureGates?: unknown;
    memoryOvercommit?: unknown;
  };
}

interface KubeVirtView {
  spec?: { configuration?: ConfigurationView };
}

const evictionStrategies: readonly string[] = [
  'None',
  'LiveMigrate',
  'LiveMigrateIfPossible',
  'External',
];

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function validCpuRequest(value: unknown): string | undefined {
  const millis = parseMilliQuantity(value);
  if (millis === undefined || millis <= 0n) return undefined;
  return typeof value === 'number' ? String(value) : (value as string);
}

function validOvercommit(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;
}

/** The machine type: KubeVirt's per-architecture setting first, then the older top-level one. */
function machineTypeOf(configuration: ConfigurationView): string {
  return (
    nonEmptyString(configuration.architectureConfiguration?.amd64?.machineType) ??
    nonEmptyString(configuration.machineType) ??
    defaultClusterConfig.machineType
  );
}

function stringList(value: unknown): readonly string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/**
 * The cluster configuration in a KubeVirt CR (`spec.configuration`); KubeVirt's defaults for
 * anything missing or malformed, and for a missing CR.
 */
export function clusterConfigFrom(kubevirt: KubeVirt | undefined): ClusterConfig {
  const configuration = (kubevirt as KubeVirtView | undefined)?.spec?.configuration ?? {};
  const developer = configuration.developerConfiguration ?? {};
  const config: ClusterConfig = {
    useEmulation: developer.useEmulation === true,
    featureGates: stringList(developer.featureGates),
    machineType: machineTypeOf(configuration),
    cpuRequest: validCpuRequest(configuration.cpuRequest) ?? defaultClusterConfig.cpuRequest,
    memoryOvercommitPercent:
      validOvercommit(developer.memoryOvercommit) ?? defaultClusterConfig.memoryOvercommitPercent,
  };
  const evictionStrategy = nonEmptyString(configuration.evictionStrategy);
  if (evictionStrategy !== undefined && evictionStrategies.includes(evictionStrategy)) {
    config.evictionStrategy = evictionStrategy as EvictionStrategy;
  }
  return config;
}
