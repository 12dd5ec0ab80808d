import { request as httpsRequest } from 'node:https';
import { goNetworkError } from '../admission/index.ts';
import type { Json } from '../json.ts';
import { hostPort, type BackendTarget } from './backend-target.ts';
import { remoteUserHeaders, type RemoteUser } from './remote-user.ts';

/** The identity the aggregator uses for its own requests (discovery, availability). */
export const aggregatorUser: RemoteUser = {
  name: 'system:kube-aggregator',
  groups: ['system:masters'],
};

/** A backend's answer to a GET. */
export interface BackendAnswer {
  readonly status: number;
  readonly body: Json | undefined;
  /** `https://host:port/path`, as upstream prints it in availability messages. */
  readonly url: string;
}

const maxBytes = 10 * 1024 * 1024;

/**
 * GETs `path` from a backend as the aggregator (X-Remote-User system:kube-aggregator), within
 * `timeoutMs`. Rejects with an Error worded like Go's (`context deadline exceeded`, `dial tcp
 * …: connect: connection refused`); a body that is not JSON resolves with `body: undefined`.
 */
export function fetchBackendJson(options: {
  target: BackendTarget;
  path: string;
  timeoutMs: number;
}): Promise<BackendAnswer> {
  const { target, path, timeoutMs } = options;
  const address = hostPort(target.host, target.port);
  const url = `https://${address}${path}`;
  return new Promise((resolve, reject) => {
    const signal = AbortSignal.timeout(timeoutMs);
    const req = httpsRequest(
      {
        host: target.host,
        port: target.port,
        path,
        method: 'GET',
        headers: { accept: 'application/json', ...remoteUserHeaders(aggregatorUser) },
        signal,
        ...target.tls,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= maxBytes) chunks.push(chunk);
          else res.destroy(new Error(`the response is larger than ${maxBytes} bytes`));
        });
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, body: parse(Buffer.concat(chunks)), url });
        });
        res.on('error', (error) => {
          reject(new Error(goNetworkError(error, address)));
        });
      },
    );
    req.on('error', (error) => {
      reject(
        new Error(signal.aborted ? 'context deadline exceeded' : goNetworkError(error, address)),
      );
    });
    req.end();
  });
}

function parse(bytes: Buffer): Json | undefined {
  try {
    return JSON.parse(bytes.toString('utf8')) as Json;
  } catch {
    return undefined;
  }
}
