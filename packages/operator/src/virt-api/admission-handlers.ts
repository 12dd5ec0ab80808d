import type {
  ClusterConfig,
  FieldError,
  VirtualMachine,
  VirtualMachineInstance,
  VirtualMachineInstanceMigration,
  VirtualMachineInstanceReplicaSet,
} from '@podvisor/api';
import type { AdmissionDecision, AdmissionRequest, AdmissionStatus } from './admission-review.ts';
import { jsonPatchDiff } from './json-patch-diff.ts';

/** The pure defaulting functions of `@podvisor/api` the mutating webhooks run. */
export interface Defaulting {
  defaultVirtualMachine(vm: VirtualMachine, config: ClusterConfig): VirtualMachine;
  defaultVirtualMachineInstance(
    vmi: VirtualMachineInstance,
    config: ClusterConfig,
  ): VirtualMachineInstance;
  defaultMigration(m: VirtualMachineInstanceMigration): VirtualMachineInstanceMigration;
}

/** The pure validation functions of `@podvisor/api` the validating webhooks run. */
export interface Validation {
  validateVirtualMachine(vm: VirtualMachine, config: ClusterConfig): FieldError[];
  validateVirtualMachineInstanceCreate(
    vmi: VirtualMachineInstance,
    config: ClusterConfig,
  ): FieldError[];
  validateVirtualMachineInstanceUpdate(input: {
    old: VirtualMachineInstance;
    new: VirtualMachineInstance;
    user: { username: string; groups: readonly string[] };
    operatorServiceAccounts: readonly string[];
  }): FieldError[];
  validateMigrationCreate(m: VirtualMachineInstanceMigration): FieldError[];
  validateMigrationUpdate(
    old: VirtualMachineInstanceMigration,
    next: VirtualMachineInstanceMigration,
  ): FieldError[];
  validateVirtualMachineInstanceReplicaSet(
    rs: VirtualMachineInstanceReplicaSet,
    config: ClusterConfig,
  ): FieldError[];
}

/** Decides one admission request. Never throws: a failure is a denial naming its cause. */
export type AdmissionHandler = (request: AdmissionRequest) => AdmissionDecision;

/** What {@link admissionHandlers} needs. */
export interface AdmissionHandlersOptions {
  readonly defaulting: Defaulting;
  readonly validation: Validation;
  /** The current cluster configuration (from the KubeVirt CR, or the defaults). */
  readonly clusterConfig: () => ClusterConfig;
  /** Usernames allowed to change a VMI's spec (see {@link operatorServiceAccounts}). */
  readonly operatorServiceAccounts: readonly string[];
}

/** The service-account usernames of Podvisor's own components in `namespace`. */
export function operatorServiceAccounts(namespace: string): string[] {
  return ['virt-controller', 'virt-handler', 'virt-api'].map(
    (name) => `system:serviceaccount:${namespace}:${name}`,
  );
}

/**
 * KubeVirt's denial of an invalid object: 422 `Invalid`, the causes' messages joined with
 * `", "` as the message, and one cause (`reason` = the FieldError type) per error.
 */
export function invalidStatus(errors: readonly FieldError[]): AdmissionStatus {
  return {
    code: 422,
    reason: 'Invalid',
    message: errors.map((error) => error.message).join(', '),
    details: {
      causes: errors.map((error) => ({
        reason: error.type,
        field: error.field,
        message: error.message,
      })),
    },
  };
}

const allowed: AdmissionDecision = { allowed: true };

function badRequest(message: string): AdmissionDecision {
  return { allowed: false, status: { code: 400, message } };
}

type Operation = 'CREATE' | 'UPDATE';

/** The object type of each resource the webhooks serve. */
interface Kinds {
  virtualmachines: VirtualMachine;
  virtualmachineinstances: VirtualMachineInstance;
  virtualmachineinstancemigrations: VirtualMachineInstanceMigration;
  virtualmachineinstancereplicasets: VirtualMachineInstanceReplicaSet;
}

/** The resource a webhook serves and the operations it acts on (others pass). */
interface Subject<R extends keyof Kinds> {
  readonly resource: R;
  readonly operations: readonly Operation[];
}

function subject<R extends keyof Kinds>(resource: R, operations: readonly Operation[]): Subject<R> {
  return { resource, operations };
}

/**
 * Runs `decide` for the operations and resource a webhook serves (the review's object read as
 * that resource's type); other operations pass, another resource or a failure is a 400 denial.
 */
function guarded<R extends keyof Kinds>(
  on: Subject<R>,
  decide: (object: Kinds[R], request: AdmissionRequest) => AdmissionDecision,
): AdmissionHandler {
  return (request) => {
    if (request.resource !== '' && request.resource !== on.resource) {
      return badRequest(
        `expected resource ${JSON.stringify(on.resource)}, got ${JSON.stringify(request.resource)}`,
      );
    }
    const operation = on.operations.find((op) => op === request.operation);
    if (operation === undefined || request.object === undefined) return allowed;
    try {
      return decide(request.object as unknown as Kinds[R], request);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      return badRequest(`the ${on.resource} object could not be admitted: ${detail}`);
    }
  };
}

function mutator<R extends keyof Kinds>(
  on: Subject<R>,
  defaulted: (object: Kinds[R]) => Kinds[R],
): AdmissionHandler {
  return guarded(on, (object) => {
    const patch = jsonPatchDiff(object, defaulted(structuredClone(object)));
    return patch.length === 0 ? allowed : { allowed: true, patch };
  });
}

function decision(errors: readonly FieldError[]): AdmissionDecision {
  return errors.length === 0 ? allowed : { allowed: false, status: invalidStatus(errors) };
}

function validator<R extends keyof Kinds>(
  on: Subject<R>,
  validate: (object: Kinds[R]) => FieldError[],
): AdmissionHandler {
  return guarded(on, (object) => decision(validate(object)));
}

/** A validator of UPDATE reviews, which compares the old object with the new one. */
function updateValidator<R extends keyof Kinds>(
  on: Subject<R>,
  validate: (old: Kinds[R], next: Kinds[R], request: AdmissionRequest) => FieldError[],
): AdmissionHandler {
  return guarded(on, (object, request) => {
    const old = request.oldObject;
    if (old === undefined) return badRequest('an UPDATE review needs request.oldObject');
    return decision(validate(old as unknown as Kinds[R], object, request));
  });
}

/**
 * The webhook handlers by path (`/mutate-virtualmachines`, `/validate-migrations-update`, …, as
 * in issue 5's install layout). Mutators answer with the JSONPatch from the object to its
 * defaulted form (no patch when nothing changes); validators deny with {@link invalidStatus}.
 * A review for another resource, or an object the functions cannot handle, is denied with 400.
 */
export function admissionHandlers(
  options: AdmissionHandlersOptions,
): ReadonlyMap<string, AdmissionHandler> {
  const { defaulting: d, validation: v, clusterConfig } = options;
  const createOrUpdate: Operation[] = ['CREATE', 'UPDATE'];
  const vms = subject('virtualmachines', createOrUpdate);
  const vmis = (ops: Operation[]): Subject<'virtualmachineinstances'> =>
    subject('virtualmachineinstances', ops);
  const migrations = (ops: Operation[]): Subject<'virtualmachineinstancemigrations'> =>
    subject('virtualmachineinstancemigrations', ops);
  const replicaSets = subject('virtualmachineinstancereplicasets', createOrUpdate);
  return new Map<string, AdmissionHandler>([
    ['/mutate-virtualmachines', mutator(vms, (vm) => d.defaultVirtualMachine(vm, clusterConfig()))],
    [
      '/mutate-virtualmachineinstances',
      mutator(vmis(['CREATE']), (vmi) => d.defaultVirtualMachineInstance(vmi, clusterConfig())),
    ],
    ['/mutate-migrations', mutator(migrations(['CREATE']), (m) => d.defaultMigration(m))],
    [
      '/validate-virtualmachines',
      validator(vms, (vm) => v.validateVirtualMachine(vm, clusterConfig())),
    ],
    [
      '/validate-virtualmachineinstances-create',
      validator(vmis(['CREATE']), (vmi) =>
        v.validateVirtualMachineInstanceCreate(vmi, clusterConfig()),
      ),
    ],
    [
      '/validate-virtualmachineinstances-update',
      updateValidator(vmis(['UPDATE']), (old, next, request) =>
        v.validateVirtualMachineInstanceUpdate({
          old,
          new: next,
          user: { username: request.user.username, groups: request.user.groups },
          operatorServiceAccounts: options.operatorServiceAccounts,
        }),
      ),
    ],
    [
      '/validate-migrations-create',
      validator(migrations(['CREATE']), (m) => v.validateMigrationCreate(m)),
    ],
    [
      '/validate-migrations-update',
      updateValidator(migrations(['UPDATE']), (old, next) => v.validateMigrationUpdate(old, next)),
    ],
    [
      '/validate-virtualmachinereplicasets',
      validator(replicaSets, (rs) =>
        v.validateVirtualMachineInstanceReplicaSet(rs, clusterConfig()),
      ),
    ],
  ]);
}
