import { type FieldError, fieldError, fieldPath } from './field-error.ts';
import type { LooseVmiSpec } from './loose.ts';
import {
  dns1123LabelErrors,
  dns1123SubdomainErrors,
  labelValueErrors,
  qualifiedNameErrors,
} from './name-errors.ts';

const evictionStrategies: readonly string[] = [
  'None',
  'LiveMigrate',
  'LiveMigrateIfPossible',
  'External',
];
const tolerationOperators: readonly string[] = ['Exists', 'Equal'];
const taintEffects: readonly string[] = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

type LooseToleration = NonNullable<LooseVmiSpec['tolerations']>[number];

function notSupported(field: string, value: string, supported: readonly string[]): FieldError {
  const list = supported.map((s) => `"${s}"`).join(', ');
  return fieldError(
    'FieldValueNotSupported',
    field,
    `Unsupported value: "${value}": supported values: ${list}`,
  );
}

function validateGracePeriod(base: string, spec: LooseVmiSpec): FieldError[] {
  const grace = spec.terminationGracePeriodSeconds;
  if (grace == null || (Number.isInteger(grace) && grace >= 0)) return [];
  const field = fieldPath(base, 'terminationGracePeriodSeconds');
  return [
    fieldError(
      'FieldValueInvalid',
      field,
      `${field} '${String(grace)}': must be greater than or equal to 0.`,
    ),
  ];
}

/** The index of the first interface that binds the pod network with a bridge, or -1. */
function podBridgeInterface(spec: LooseVmiSpec): number {
  const podNetworks = new Set(
    (spec.networks ?? []).filter((n) => n.pod != null).map((n) => n.name),
  );
  const interfaces = spec.domain?.devices?.interfaces ?? [];
  return interfaces.findIndex((i) => i.bridge != null && podNetworks.has(i.name));
}

function validateEvictionStrategy(base: string, spec: LooseVmiSpec): FieldError[] {
  const strategy = spec.evictionStrategy;
  if (strategy == null) return [];
  const field = fieldPath(base, 'evictionStrategy');
  if (!evictionStrategies.includes(strategy)) {
    return [
      fieldError(
        'FieldValueInvalid',
        field,
        `${field} is set with an unrecognized option: ${strategy}`,
      ),
    ];
  }
  const bridge = podBridgeInterface(spec);
  if (strategy !== 'LiveMigrate' || bridge < 0) return [];
  const iface = fieldPath(base, 'domain', 'devices', 'interfaces', bridge);
  const message = `${field} 'LiveMigrate' needs a live-migratable network: ${iface} binds the pod network with bridge; use masquerade or passtBinding`;
  return [fieldError('FieldValueInvalid', field, message)];
}

function validateNodeSelector(base: string, spec: LooseVmiSpec): FieldError[] {
  const field = fieldPath(base, 'nodeSelector');
  return Object.entries(spec.nodeSelector ?? {}).flatMap(([key, value]) => {
    const entry = `${field}.${key}`;
    const keyErrors = qualifiedNameErrors(key).map((m) =>
      fieldError('FieldValueInvalid', field, `${entry}: ${m}`),
    );
    const valueErrors = labelValueErrors(String(value)).map((m) =>
      fieldError('FieldValueInvalid', entry, `Invalid value: "${String(value)}": ${m}`),
    );
    return [...keyErrors, ...valueErrors];
  });
}

function validateTolerationKey(base: string, toleration: LooseToleration): FieldError[] {
  const { key = '', operator = '' } = toleration;
  const errors: FieldError[] = [];
  if (key !== '') {
    errors.push(
      ...qualifiedNameErrors(key).map((m) =>
        fieldError('FieldValueInvalid', fieldPath(base, 'key'), m),
      ),
    );
  } else if (operator !== 'Exists') {
    const message =
      'operator must be Exists when `key` is empty, which means "match all values and all keys"';
    errors.push(fieldError('FieldValueInvalid', fieldPath(base, 'operator'), message));
  }
  return errors;
}

function validateToleration(base: string, toleration: LooseToleration): FieldError[] {
  const errors = validateTolerationKey(base, toleration);
  const { operator = '', effect = '', value = '' } = toleration;
  if (operator !== '' && !tolerationOperators.includes(operator)) {
    errors.push(notSupported(fieldPath(base, 'operator'), operator, tolerationOperators));
  }
  if (operator === 'Exists' && value !== '') {
    const message = "value must be empty when `operator` is 'Exists'";
    errors.push(fieldError('FieldValueInvalid', fieldPath(base, 'operator'), message));
  }
  if (effect !== '' && !taintEffects.includes(effect)) {
    errors.push(notSupported(fieldPath(base, 'effect'), effect, taintEffects));
  }
  if (toleration.tolerationSeconds !== undefined && effect !== 'NoExecute') {
    const message = "effect must be 'NoExecute' when `tolerationSeconds` is set";
    errors.push(fieldError('FieldValueInvalid', fieldPath(base, 'effect'), message));
  }
  return errors;
}

function validateHostname(base: string, spec: LooseVmiSpec): FieldError[] {
  const errors: FieldError[] = [];
  if (spec.hostname !== undefined && spec.hostname !== '') {
    const field = fieldPath(base, 'hostname');
    const problems = dns1123LabelErrors(spec.hostname);
    if (problems.length > 0) {
      const message = `${field} does not conform to the kubernetes DNS_LABEL rules : ${problems.join(', ')}`;
      errors.push(fieldError('FieldValueInvalid', field, message));
    }
  }
  if (spec.subdomain !== undefined && spec.subdomain !== '') {
    const field = fieldPath(base, 'subdomain');
    const problems = dns1123SubdomainErrors(spec.subdomain);
    if (problems.length > 0) {
      const message = `${field} does not conform to the kubernetes DNS_SUBDOMAIN rules : ${problems.join(', ')}`;
      errors.push(fieldError('FieldValueInvalid', field, message));
    }
  }
  return errors;
}

/**
 * Validates where and how a VMI runs: grace period, eviction strategy, node selector,
 * tolerations, hostname and subdomain.
 */
export function validateScheduling(base: string, spec: LooseVmiSpec): FieldError[] {
  const tolerations = fieldPath(base, 'tolerations');
  return [
    ...validateGracePeriod(base, spec),
    ...validateEvictionStrategy(base, spec),
    ...validateNodeSelector(base, spec),
    ...(spec.tolerations ?? []).flatMap((t, i) => validateToleration(fieldPath(tolerations, i), t)),
    ...validateHostname(base, spec),
  ];
}
