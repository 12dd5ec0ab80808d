import { type KubeObject, isJsonObject } from '../json.ts';
import { StatusError, statusErrors } from '../status-error.ts';
import { decodeMessage } from './decode-message.ts';
import { protobufKinds } from './protobuf-kinds.ts';
import { WIRE_BYTES, type WireField, corruptBody, readWireFields } from './wire-reader.ts';

/** The 4 bytes that start every Kubernetes protobuf body: `k8s\0`. */
const MAGIC = [0x6b, 0x38, 0x73, 0x00] as const;

const utf8 = new TextDecoder('utf-8');

interface Envelope {
  apiVersion: string;
  kind: string;
  raw: Uint8Array;
  contentEncoding: string;
  contentType: string;
}

/** Whether a request body is in Kubernetes' protobuf encoding (starts with `k8s\0`). */
export function isKubernetesProtobuf(body: Uint8Array): boolean {
  return MAGIC.every((byte, i) => body[i] === byte);
}

function lastBytes(fields: readonly WireField[], no: number, where: string): Uint8Array {
  const field = fields.findLast((f) => f.no === no);
  if (field === undefined) return new Uint8Array();
  if (field.wireType !== WIRE_BYTES) {
    throw corruptBody(where, `wire type ${field.wireType}, expected ${WIRE_BYTES}`);
  }
  return field.value;
}

function lastString(fields: readonly WireField[], no: number, where: string): string {
  return utf8.decode(lastBytes(fields, no, where));
}

/** Reads runtime.Unknown: typeMeta = 1 (apiVersion = 1, kind = 2), raw = 2, contentEncoding = 3, contentType = 4. */
function readEnvelope(bytes: Uint8Array): Envelope {
  const fields = readWireFields(bytes, 'runtime.Unknown');
  const typeMeta = readWireFields(lastBytes(fields, 1, 'typeMeta'), 'typeMeta');
  return {
    apiVersion: lastString(typeMeta, 1, 'typeMeta.apiVersion'),
    kind: lastString(typeMeta, 2, 'typeMeta.kind'),
    raw: lastBytes(fields, 2, 'raw'),
    contentEncoding: lastString(fields, 3, 'contentEncoding'),
    contentType: lastString(fields, 4, 'contentType'),
  };
}

function unsupported(message: string): StatusError {
  return new StatusError(
    415,
    'UnsupportedMediaType',
    `${message}; send it as JSON or YAML instead (for example kubectl create -f or kubectl apply -f with a manifest)`,
  );
}

function checkEnvelope(envelope: Envelope): void {
  if (envelope.apiVersion === '' || envelope.kind === '') {
    throw statusErrors.badRequest(
      'unable to decode the protobuf request body: the envelope names no apiVersion and kind',
    );
  }
  if (envelope.contentEncoding !== '') {
    throw unsupported(
      `the protobuf request body uses content encoding "${envelope.contentEncoding}", which this server does not decode`,
    );
  }
  const type = envelope.contentType;
  if (type !== '' && type !== 'application/vnd.kubernetes.protobuf') {
    throw unsupported(`the protobuf request body wraps content of type "${type}"`);
  }
}

/**
 * Decodes a Kubernetes protobuf request body (`k8s\0` + runtime.Unknown) into the JSON object the
 * client would have sent as JSON: JSON field names, Go's omitempty rules, `bytes` as base64, Time
 * as RFC 3339, Quantity and IntOrString as their JSON values. Throws a 400 StatusError for a body
 * that is not valid protobuf, and a 415 for a kind this server cannot decode.
 */
export function decodeKubernetesProtobuf(body: Uint8Array): KubeObject {
  if (!isKubernetesProtobuf(body)) {
    throw statusErrors.badRequest(
      'unable to decode the protobuf request body: it does not start with the magic bytes "k8s\\x00"',
    );
  }
  const envelope = readEnvelope(body.subarray(MAGIC.length));
  checkEnvelope(envelope);
  const { apiVersion, kind } = envelope;
  const schema = protobufKinds.get(`${apiVersion}/${kind}`);
  if (schema === undefined) {
    throw unsupported(
      `this server cannot decode protobuf request bodies of kind ${kind} (${apiVersion})`,
    );
  }
  const decoded = decodeMessage(schema, envelope.raw, '');
  const { metadata } = decoded;
  if (!isJsonObject(metadata)) throw statusErrors.internal(`${kind} decoded without metadata`);
  return { kind, apiVersion, ...decoded, metadata };
}
