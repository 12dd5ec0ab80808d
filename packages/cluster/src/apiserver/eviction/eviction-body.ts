import { isJsonObject, type JsonObject } from '../json.ts';
import { decodeObjectBody } from '../http/request-body.ts';
import { decodeMessage } from '../protobuf/decode-message.ts';
import { list, message, opt, ptr } from '../protobuf/message-schema.ts';
import { objectMeta } from '../protobuf/meta-v1-messages.ts';
import { isKubernetesProtobuf } from '../protobuf/index.ts';
import { readWireFields, type WireField } from '../protobuf/wire-reader.ts';
import { statusErrors } from '../status-error.ts';

/** meta/v1 DeleteOptions (field numbers from apimachinery's generated.proto). */
const deleteOptionsMessage = message('DeleteOptions', {
  gracePeriodSeconds: ptr(1, 'int64'),
  preconditions: ptr(
    2,
    message('Preconditions', { uid: ptr(1, 'string'), resourceVersion: ptr(2, 'string') }),
  ),
  orphanDependents: ptr(3, 'bool'),
  propagationPolicy: ptr(4, 'string'),
  dryRun: list(5, 'string'),
});

/** policy/v1 (and v1beta1) Eviction: metadata = 1, deleteOptions = 2. */
export const evictionMessage = message('Eviction', {
  metadata: opt(1, objectMeta),
  deleteOptions: ptr(2, deleteOptionsMessage),
});

const evictionVersions = new Set(['policy/v1', 'policy/v1beta1']);

const utf8 = new TextDecoder('utf-8');

function lastBytes(fields: readonly WireField[], no: number): Uint8Array {
  const field = fields.findLast((f) => f.no === no);
  return field !== undefined && field.value instanceof Uint8Array ? field.value : new Uint8Array();
}

/** Decodes `k8s\0` + runtime.Unknown{typeMeta{apiVersion, kind}, raw} holding an Eviction. */
function decodeProtobufEviction(body: Buffer): JsonObject {
  const envelope = readWireFields(body.subarray(4), 'runtime.Unknown');
  const typeMeta = readWireFields(lastBytes(envelope, 1), 'typeMeta');
  const apiVersion = utf8.decode(lastBytes(typeMeta, 1));
  const kind = utf8.decode(lastBytes(typeMeta, 2));
  if (kind !== 'Eviction' || !evictionVersions.has(apiVersion)) {
    throw statusErrors.badRequest(
      `the request body must be a policy/v1 Eviction, not ${kind || 'an object'} (${apiVersion})`,
    );
  }
  return { apiVersion, kind, ...decodeMessage(evictionMessage, lastBytes(envelope, 2), '') };
}

/** What an Eviction asks for. */
export interface EvictionBody {
  /** The Eviction object as sent (for admission). */
  readonly object: JsonObject;
  /** `metadata.name`; empty when the client left it out. */
  readonly name: string;
  /** `deleteOptions`, if any. */
  readonly deleteOptions: JsonObject | undefined;
}

function nameOf(object: JsonObject): string {
  const metadata = object['metadata'] ?? {};
  if (!isJsonObject(metadata)) throw statusErrors.badRequest('metadata: must be an object');
  const name = metadata['name'] ?? '';
  if (typeof name !== 'string') throw statusErrors.badRequest('metadata.name: must be a string');
  return name;
}

/**
 * Decodes the body of `POST pods/{name}/eviction`: JSON, YAML, or Kubernetes protobuf (kubectl
 * 1.32's drain sends JSON; client-go programs configured for protobuf send protobuf). 400 when it is not an Eviction or its fields have wrong types.
 */
export function decodeEvictionBody(body: Buffer, contentType: string | undefined): EvictionBody {
  const object = isKubernetesProtobuf(body)
    ? decodeProtobufEviction(body)
    : decodeObjectBody(body, contentType);
  if (!isJsonObject(object)) throw statusErrors.badRequest('the Eviction must be a JSON object');
  const kind = object['kind'];
  if (kind !== undefined && kind !== 'Eviction') {
    throw statusErrors.badRequest(
      `the request body must be an Eviction, not ${JSON.stringify(kind)}`,
    );
  }
  const name = nameOf(object);
  const deleteOptions = object['deleteOptions'];
  if (deleteOptions !== undefined && deleteOptions !== null && !isJsonObject(deleteOptions)) {
    throw statusErrors.badRequest('deleteOptions: must be an object');
  }
  return {
    object: { apiVersion: 'policy/v1', kind: 'Eviction', ...object },
    name,
    deleteOptions: isJsonObject(deleteOptions) ? deleteOptions : undefined,
  };
}
