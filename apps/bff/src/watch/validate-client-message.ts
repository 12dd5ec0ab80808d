import { kubeStatus, type KubeStatus } from '../upstream/upstream-error.ts';
import type { WatchClientMessage, WatchSubscribe } from './watch-protocol.ts';

/** A valid client message, or the 400 `Status` (naming the field) that answers an invalid one. */
export type ValidatedClientMessage =
  | { readonly ok: true; readonly message: WatchClientMessage }
  | { readonly ok: false; readonly id: string | null; readonly status: KubeStatus };

const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const dnsSubdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const maxIdLength = 128;
const maxSelectorLength = 4096;

/** A field's problem, in the API server's `field: Reason: detail` wording. */
class FieldProblem extends Error {
  readonly field: string;

  constructor(field: string, message: string) {
    super(message);
    this.name = 'FieldProblem';
    this.field = field;
  }
}

function badRequest(id: string | null, problem: FieldProblem): ValidatedClientMessage {
  const message = `${problem.field}: ${problem.message}`;
  return {
    ok: false,
    id,
    status: {
      ...kubeStatus(400, message),
      details: { causes: [{ reason: 'FieldValueInvalid', field: problem.field, message }] },
    },
  };
}

const allowedFields: Readonly<Record<WatchClientMessage['type'], readonly string[]>> = {
  subscribe: [
    'type',
    'id',
    'group',
    'version',
    'resource',
    'namespace',
    'name',
    'labelSelector',
    'fieldSelector',
  ],
  unsubscribe: ['type', 'id'],
};

function requiredString(record: Record<string, unknown>, field: string): string {
  const value = record[field];
  if (value === undefined) throw new FieldProblem(field, 'Required value');
  if (typeof value !== 'string') throw new FieldProblem(field, 'Invalid value: must be a string');
  return value;
}

function optionalString(record: Record<string, unknown>, field: string): string | undefined {
  return record[field] === undefined ? undefined : requiredString(record, field);
}

function checkPattern(field: string, value: string, pattern: RegExp, max: number): void {
  if (value.length > max || !pattern.test(value))
    throw new FieldProblem(
      field,
      `Invalid value: ${JSON.stringify(value.slice(0, 80))}: must be a lowercase RFC 1123 name of at most ${String(max)} characters`,
    );
}

function checkLength(field: string, value: string, max: number): void {
  if (value.length === 0) throw new FieldProblem(field, 'Invalid value: must not be empty');
  if (value.length > max)
    throw new FieldProblem(field, `Too long: must have at most ${String(max)} characters`);
}

function checkName(name: string): void {
  checkLength('name', name, 253);
  if (name.includes('/') || name === '.' || name === '..')
    throw new FieldProblem('name', `Invalid value: ${JSON.stringify(name)}: not a valid name`);
}

function subscribeOf(record: Record<string, unknown>, id: string): WatchSubscribe {
  const group = requiredString(record, 'group');
  if (group !== '') checkPattern('group', group, dnsSubdomain, 253);
  const version = requiredString(record, 'version');
  checkPattern('version', version, dnsLabel, 63);
  const resource = requiredString(record, 'resource');
  checkPattern('resource', resource, dnsLabel, 63);
  const namespace = optionalString(record, 'namespace');
  if (namespace !== undefined) checkPattern('namespace', namespace, dnsLabel, 63);
  const name = optionalString(record, 'name');
  if (name !== undefined) checkName(name);
  const labelSelector = optionalString(record, 'labelSelector');
  if (labelSelector !== undefined) checkLength('labelSelector', labelSelector, maxSelectorLength);
  const fieldSelector = optionalString(record, 'fieldSelector');
  if (fieldSelector !== undefined) checkLength('fieldSelector', fieldSelector, maxSelectorLength);
  return {
    type: 'subscribe',
    id,
    group,
    version,
    resource,
    ...(namespace === undefined ? {} : { namespace }),
    ...(name === undefined ? {} : { name }),
    ...(labelSelector === undefined ? {} : { labelSelector }),
    ...(fieldSelector === undefined ? {} : { fieldSelector }),
  };
}

function typeOf(record: Record<string, unknown>): WatchClientMessage['type'] {
  const type = requiredString(record, 'type');
  if (type !== 'subscribe' && type !== 'unsubscribe')
    throw new FieldProblem(
      'type',
      `Unsupported value: ${JSON.stringify(type.slice(0, 80))}: supported values: "subscribe", "unsubscribe"`,
    );
  return type;
}

function idOf(record: Record<string, unknown>): string {
  const id = requiredString(record, 'id');
  checkLength('id', id, maxIdLength);
  return id;
}

function checkFields(record: Record<string, unknown>, type: WatchClientMessage['type']): void {
  const allowed = allowedFields[type];
  const unknown = Object.keys(record).find((field) => !allowed.includes(field));
  if (unknown !== undefined)
    throw new FieldProblem(unknown.slice(0, 80), `Forbidden: not a field of a ${type} message`);
}

function usableId(record: Record<string, unknown>): string | null {
  const id = record['id'];
  return typeof id === 'string' && id.length > 0 && id.length <= maxIdLength ? id : null;
}

/**
 * Checks one parsed client frame against the protocol. An invalid message yields a 400 `Status`
 * whose message and `details.causes[0].field` name the offending field; it never throws.
 */
export function validateClientMessage(value: unknown): ValidatedClientMessage {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return badRequest(null, new FieldProblem('message', 'Invalid value: must be a JSON object'));
  const record = value as Record<string, unknown>;
  try {
    const type = typeOf(record);
    const id = idOf(record);
    checkFields(record, type);
    const message: WatchClientMessage =
      type === 'subscribe' ? subscribeOf(record, id) : { type: 'unsubscribe', id };
    return { ok: true, message };
  } catch (error) {
    if (error instanceof FieldProblem) return badRequest(usableId(record), error);
    throw error;
  }
}
