import type { IncomingMessage } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { isJsonObject, nestsDeeperThan, type Json } from '../json.ts';
import { decodeKubernetesProtobuf, isKubernetesProtobuf } from '../protobuf/index.ts';
import { statusErrors } from '../status-error.ts';

/** kube-apiserver's limit on request bodies. */
export const maxRequestBytes = 3 * 1024 * 1024;

/** Reads the whole body, answering 413 beyond the limit. */
export async function readBody(req: IncomingMessage, limit = maxRequestBytes): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > limit) throw statusErrors.requestEntityTooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw statusErrors.requestEntityTooLarge(limit);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** The media type of a Content-Type header, lower-case, without parameters. */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** Bodies nested deeper than this are refused (real objects, CRD schemas included, stay far below). */
export const maxBodyDepth = 512;

/** Refuses a decoded body that nests too deeply for the server to walk safely. */
export function checkDepth(value: Json): Json {
  if (nestsDeeperThan(value, maxBodyDepth)) {
    throw statusErrors.badRequest(`the request body is nested deeper than ${maxBodyDepth} levels`);
  }
  return value;
}

/** Parses a JSON request body (or patch): 400 for bad JSON and for excessive nesting. */
export function parseJson(text: string, what = 'the request body'): Json {
  let value: Json;
  try {
    value = JSON.parse(text) as Json;
  } catch (error) {
    throw statusErrors.badRequest(`${what} is not valid JSON: ${(error as Error).message}`);
  }
  return checkDepth(value);
}

/** Parses YAML (one document); JSON is YAML too. */
export function parseYamlDocument(text: string): Json {
  let value: Json;
  try {
    value = parseYaml(text, { maxAliasCount: 100, uniqueKeys: true }) as Json;
  } catch (error) {
    throw statusErrors.badRequest(
      `the request body is not valid YAML: ${(error as Error).message}`,
    );
  }
  return checkDepth(value);
}

/**
 * Decodes an object body by its Content-Type: JSON, YAML, or Kubernetes protobuf (for the kinds
 * kubectl's imperative `create` commands send that way).
 */
export function decodeObjectBody(body: Buffer, contentType: string | undefined): Json {
  const type = mediaType(contentType);
  if (type === 'application/vnd.kubernetes.protobuf' || isKubernetesProtobuf(body))
    return checkDepth(decodeKubernetesProtobuf(body));
  if (body.length === 0) throw statusErrors.badRequest('the request body is empty');
  const text = body.toString('utf8');
  if (type === 'application/yaml' || type === 'application/x-yaml' || type === 'text/yaml')
    return parseYamlDocument(text);
  if (type === '' || type === 'application/json' || type === '*/*') return parseJson(text);
  throw statusErrors.unsupportedMediaType(
    'application/json, application/yaml, application/vnd.kubernetes.protobuf',
  );
}

/** Decodes a JSON body that must be an object (delete options, patches...). */
export function decodeJsonObject(body: Buffer, what: string): Record<string, Json> | undefined {
  if (body.length === 0) return undefined;
  const value = parseJson(body.toString('utf8'));
  if (!isJsonObject(value)) throw statusErrors.badRequest(`${what} must be a JSON object`);
  return value;
}
