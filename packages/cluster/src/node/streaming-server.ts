import { createServer } from 'node:http';
import type { Logger } from '@podvisor/kube';
import type { ContainerAccess } from './container-access.ts';

/** The node's streaming endpoint (logs, exec, attach, port-forward) once it listens on 127.0.0.1. */
export interface StreamingServer {
  /** The port recorded in the Node's `status.daemonEndpoints.kubeletEndpoint.Port`. */
  readonly port: number;
  close(): Promise<void>;
}

/** What the node agent gives the streaming server it starts. */
export interface StreamingServerContext {
  readonly access: ContainerAccess;
  readonly nodeName: string;
  /** The cluster's data directory (`pki/` lives there). */
  readonly dataDir: string;
  readonly logger: Logger;
}

/** Starts the node's streaming server; the node agent calls it once, before registering the Node. */
export type StreamingServerFactory = (context: StreamingServerContext) => Promise<StreamingServer>;

/**
 * A stand-in streaming server used until the real one is plugged in: it listens (so the Node has
 * a real port) and answers every request with 501.
 */
export const placeholderStreamingServer: StreamingServerFactory = async () => {
  const server = createServer((_req, res) => {
    res.writeHead(501, { 'Content-Type': 'text/plain' });
    res.end('this node agent does not serve logs, exec or attach yet\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    port,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
};
