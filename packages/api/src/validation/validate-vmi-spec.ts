import type { ClusterConfig } from '../cluster-config.ts';
import { type FieldError, fieldError, fieldPath } from './field-error.ts';
import type { LooseVmiSpec } from './loose.ts';
import { validateDisks } from './validate-disks.ts';
import { validateFirmware } from './validate-firmware.ts';
import { validateNetworking } from './validate-networks.ts';
import { validateMemoryPresent, validateResources } from './validate-resources.ts';
import { validateScheduling } from './validate-scheduling.ts';
import { validateVolumes } from './validate-volumes.ts';

/**
 * Validates a VMI spec found at `base` (`spec` for a VMI, `spec.template.spec` for a VM or
 * replica set). Every error names its full field path.
 */
export function validateVmiSpec(
  base: string,
  spec: LooseVmiSpec | undefined | null,
  config: ClusterConfig,
): FieldError[] {
  if (spec == null) {
    return [fieldError('FieldValueRequired', base, `${base} is a required field`)];
  }
  const domainField = fieldPath(base, 'domain');
  const domain = spec.domain;
  if (domain == null) {
    return [fieldError('FieldValueRequired', domainField, `${domainField} is a required field`)];
  }
  const volumes = spec.volumes ?? [];
  return [
    ...validateResources(domainField, domain),
    ...validateMemoryPresent(domainField, domain),
    ...validateFirmware(domainField, domain),
    ...validateDisks(
      fieldPath(domainField, 'devices', 'disks'),
      domain.devices?.disks ?? [],
      volumes,
    ),
    ...validateVolumes(fieldPath(base, 'volumes'), volumes, config),
    ...validateNetworking(base, spec),
    ...validateScheduling(base, spec),
  ];
}
