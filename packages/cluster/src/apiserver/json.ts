/** A JSON value, as stored and served. */
export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

/** Whether a JSON value is an object (not null, not an array). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The metadata every stored object carries (the fields the server reads; the rest passes through). */
export interface ObjectMeta extends JsonObject {
  name: string;
  uid: string;
  resourceVersion: string;
  creationTimestamp: string;
}

/** A Kubernetes object as stored: always with apiVersion, kind and metadata. */
export interface KubeObject extends JsonObject {
  apiVersion: string;
  kind: string;
  metadata: JsonObject;
}
