import type { RequestOptions } from 'node:https';
import { isIP } from 'node:net';
import type { ResolveService } from '../admission/index.ts';
import type { ApiService } from './api-service.ts';

/** The proxy's client certificate (front-proxy-client), PEM. */
export interface ProxyClientCert {
  readonly cert: string;
  readonly key: string;
}

/** Where and how to reach an APIService's backend. */
export interface BackendTarget {
  readonly host: string;
  readonly port: number;
  /** `name.namespace.svc`, the name the backend's serving certificate must carry. */
  readonly serverName: string;
  /** TLS options for node:https / node:tls. */
  readonly tls: Pick<RequestOptions, 'ca' | 'cert' | 'key' | 'rejectUnauthorized' | 'servername'>;
}

/**
 * Resolves an APIService's Service and builds the TLS settings upstream's proxy uses: verify
 * the backend against `spec.caBundle` as `name.namespace.svc` (unless insecureSkipTLSVerify, or
 * `verify: false` for the availability probe), presenting the proxy client certificate.
 */
export async function backendTarget(options: {
  apiService: ApiService;
  resolveService: ResolveService;
  clientCert: ProxyClientCert;
  verify?: boolean;
}): Promise<BackendTarget> {
  const { apiService, resolveService, clientCert } = options;
  const service = apiService.service;
  if (service === undefined) throw new Error(`APIService ${apiService.name} is local`);
  const { host, port } = await resolveService(service.namespace, service.name, service.port);
  const serverName = `${service.name}.${service.namespace}.svc`;
  const verify = (options.verify ?? true) && !apiService.insecureSkipTLSVerify;
  return {
    host,
    port,
    serverName,
    tls: {
      cert: clientCert.cert,
      key: clientCert.key,
      rejectUnauthorized: verify,
      ...(isIP(serverName) === 0 ? { servername: serverName } : {}),
      ...(apiService.caBundle === undefined ? {} : { ca: apiService.caBundle }),
    },
  };
}

/** `host:port`, with brackets for IPv6. */
export function hostPort(host: string, port: number): string {
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}
