import type { IncomingMessage } from 'node:http';
import { statusFromBody, type KubeStatus } from '../upstream/upstream-error.ts';

/** How much of a refusal's body is read; a Status is far smaller. */
const maxBodyBytes = 64 * 1024;

/**
 * The Kubernetes `Status` of a refused websocket handshake, read from the answer's body (the
 * API server's own Status, or one made from a plain-text body). Never rejects: a body cut short
 * by an error gives a Status from what arrived.
 */
export function refusalStatus(answer: IncomingMessage): Promise<KubeStatus> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (): void => {
      const text = Buffer.concat(chunks).toString('utf8');
      resolve(statusFromBody(answer.statusCode ?? 502, text));
    };
    answer.on('data', (chunk: Buffer) => {
      if (size >= maxBodyBytes) return;
      chunks.push(chunk);
      size += chunk.length;
    });
    answer.on('end', done);
    answer.on('error', done);
    answer.on('close', done);
  });
}
