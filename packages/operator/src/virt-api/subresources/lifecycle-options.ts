import type { IncomingMessage } from 'node:http';
import { badRequestError } from './subresource-error.ts';

/** `StartOptions`: start paused (a Start request with `paused=true`). */
export interface StartOptions {
  readonly paused: boolean;
  readonly dryRun: boolean;
}

/** `StopOptions`: a grace period first lowers the VMI's `terminationGracePeriodSeconds`. */
export interface StopOptions {
  readonly gracePeriod: number | undefined;
  readonly dryRun: boolean;
}

/** `RestartOptions`: only `gracePeriodSeconds: 0` (a forced restart) is supported. */
export interface RestartOptions {
  readonly gracePeriodSeconds: number | undefined;
  readonly dryRun: boolean;
}

/** `MigrateOptions`: labels added to the target pod's node selector. */
export interface MigrateOptions {
  readonly addedNodeSelector: Readonly<Record<string, string>> | undefined;
  readonly dryRun: boolean;
}

/** `PauseOptions` / `UnpauseOptions`. */
export interface DryRunOptions {
  readonly dryRun: boolean;
}

/** The largest options body accepted (they are a few fields). */
const maxOptionsBytes = 64 * 1024;

function unmarshalError(problem: string): Error {
  return badRequestError(`Can not unmarshal Request body to struct, error: ${problem}`);
}

/**
 * Reads an optional JSON options body: `undefined` when empty (KubeVirt accepts no body). A body
 * that is too large or not a JSON object is a 400 BadRequest in KubeVirt's wording.
 */
export async function readOptionsBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxOptionsBytes)
      throw unmarshalError(`the body is larger than ${maxOptionsBytes} bytes`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw unmarshalError((error as Error).message);
  }
}

type Fields = Readonly<Record<string, unknown>>;

function fieldsOf(body: unknown, kind: string): Fields {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw unmarshalError(`${kind} must be a JSON object`);
  }
  return body as Fields;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

function booleanField(fields: Fields, kind: string, name: string): boolean {
  const value = fields[name];
  if (value === undefined || value === null) return false;
  if (typeof value !== 'boolean') {
    throw unmarshalError(`${kind}.${name} must be a boolean, not ${typeName(value)}`);
  }
  return value;
}

function integerField(fields: Fields, kind: string, name: string): number | undefined {
  const value = fields[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw unmarshalError(`${kind}.${name} must be an integer, not ${JSON.stringify(value)}`);
  }
  return value;
}

/** `dryRun` is metav1's list: empty, or `["All"]`. */
function dryRunField(fields: Fields, kind: string): boolean {
  const value = fields['dryRun'];
  if (value === undefined || value === null) return false;
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw unmarshalError(`${kind}.dryRun must be a list of strings, not ${typeName(value)}`);
  }
  const unsupported = value.find((item) => item !== 'All');
  if (unsupported !== undefined) {
    throw badRequestError(
      `Invalid dry run value ${JSON.stringify(unsupported)}: only "All" is supported`,
    );
  }
  return value.length > 0;
}

function stringMapField(
  fields: Fields,
  kind: string,
  name: string,
): Readonly<Record<string, string>> | undefined {
  const value = fields[name];
  if (value === undefined || value === null) return undefined;
  const entries: [string, unknown][] =
    typeof value === 'object' && !Array.isArray(value) ? Object.entries(value) : [];
  const map: Record<string, string> = {};
  for (const [key, item] of entries) {
    if (typeof item !== 'string') throw unmarshalError(`${kind}.${name} must be a map of strings`);
    map[key] = item;
  }
  if (typeName(value) !== 'object')
    throw unmarshalError(`${kind}.${name} must be a map of strings`);
  return map;
}

/** Parses a `StartOptions` body (or none). */
export function parseStartOptions(body: unknown): StartOptions {
  const fields = fieldsOf(body, 'StartOptions');
  return {
    paused: booleanField(fields, 'StartOptions', 'paused'),
    dryRun: dryRunField(fields, 'StartOptions'),
  };
}

/** Parses a `StopOptions` body (or none). */
export function parseStopOptions(body: unknown): StopOptions {
  const fields = fieldsOf(body, 'StopOptions');
  return {
    gracePeriod: integerField(fields, 'StopOptions', 'gracePeriod'),
    dryRun: dryRunField(fields, 'StopOptions'),
  };
}

/** Parses a `RestartOptions` body (or none). */
export function parseRestartOptions(body: unknown): RestartOptions {
  const fields = fieldsOf(body, 'RestartOptions');
  return {
    gracePeriodSeconds: integerField(fields, 'RestartOptions', 'gracePeriodSeconds'),
    dryRun: dryRunField(fields, 'RestartOptions'),
  };
}

/** Parses a `MigrateOptions` body (or none). */
export function parseMigrateOptions(body: unknown): MigrateOptions {
  const fields = fieldsOf(body, 'MigrateOptions');
  return {
    addedNodeSelector: stringMapField(fields, 'MigrateOptions', 'addedNodeSelector'),
    dryRun: dryRunField(fields, 'MigrateOptions'),
  };
}

/** Parses a `PauseOptions` or `UnpauseOptions` body (or none). */
export function parseDryRunOptions(body: unknown, kind: string): DryRunOptions {
  return { dryRun: dryRunField(fieldsOf(body, kind), kind) };
}
