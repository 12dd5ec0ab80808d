import { describe, expect, it } from 'vitest';
import { StatusError } from '../status-error.ts';
import {
  bytesField,
  concatBytes,
  kubernetesBody,
  messageField,
  varintField,
} from '../protobuf/wire-encoder.ts';
import { decodeEvictionBody } from './eviction-body.ts';

/** A protobuf Eviction as client-go encodes it: Eviction{metadata{name, namespace}, deleteOptions}. */
function protobufEviction(apiVersion = 'policy/v1', kind = 'Eviction'): Buffer {
  const raw = concatBytes(
    messageField(1, bytesField(1, 'web-1'), bytesField(3, 'default')),
    messageField(2, varintField(1, 30), bytesField(5, 'All')),
  );
  return Buffer.from(kubernetesBody({ apiVersion, kind }, raw));
}

function statusOf(run: () => unknown): { code: number; message: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof StatusError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a StatusError');
}

describe('decodeEvictionBody', () => {
  it('decodes a protobuf Eviction with its deleteOptions', () => {
    const body = decodeEvictionBody(protobufEviction(), 'application/vnd.kubernetes.protobuf');
    expect(body.name).toBe('web-1');
    expect(body.deleteOptions).toEqual({ gracePeriodSeconds: 30, dryRun: ['All'] });
    expect(body.object).toMatchObject({ apiVersion: 'policy/v1', kind: 'Eviction' });
  });

  it('decodes a JSON Eviction and fills in apiVersion and kind when left out', () => {
    const json = JSON.stringify({ metadata: { name: 'p' }, deleteOptions: { dryRun: ['All'] } });
    const body = decodeEvictionBody(Buffer.from(json), 'application/json');
    expect(body).toEqual({
      object: {
        apiVersion: 'policy/v1',
        kind: 'Eviction',
        metadata: { name: 'p' },
        deleteOptions: { dryRun: ['All'] },
      },
      name: 'p',
      deleteOptions: { dryRun: ['All'] },
    });
  });

  it.each([
    ['another protobuf kind', () => protobufEviction('v1', 'Pod'), 'not Pod (v1)'],
    ['another JSON kind', () => Buffer.from('{"kind":"Pod"}'), 'must be an Eviction, not "Pod"'],
    ['a non-object body', () => Buffer.from('[1]'), 'must be a JSON object'],
    ['a numeric name', () => Buffer.from('{"metadata":{"name":3}}'), 'metadata.name'],
    ['bad deleteOptions', () => Buffer.from('{"deleteOptions":"x"}'), 'deleteOptions'],
    ['invalid JSON', () => Buffer.from('{'), 'not valid JSON'],
  ])('refuses %s with a 400 naming the cause', (_case, body, message) => {
    const status = statusOf(() => decodeEvictionBody(body(), undefined));
    expect(status.code).toBe(400);
    expect(status.message).toContain(message);
  });
});
