import type { RequestOptions } from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { internalError } from './subresource-error.ts';

/**
 * The bearer token `kubeConfig` authenticates with (in a pod: the ServiceAccount token, re-read
 * as it rotates). Throws a 500 when the configuration has none (a client certificate only).
 */
export async function bearerToken(kubeConfig: KubeConfig): Promise<string> {
  const options: RequestOptions = { headers: {} };
  await kubeConfig.applyToHTTPSOptions(options);
  const headers = (options.headers ?? {}) as Record<string, unknown>;
  const value = headers['Authorization'] ?? headers['authorization'];
  const token = typeof value === 'string' ? value.replace(/^Bearer\s+/i, '').trim() : '';
  if (token === '') throw internalError('virt-api has no bearer token to present to virt-handler');
  return token;
}
