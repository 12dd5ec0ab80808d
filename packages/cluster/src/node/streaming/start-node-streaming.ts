import { join } from 'node:path';
import type { StreamingServerFactory } from '../streaming-server.ts';
import { createStreamingServer } from './streaming-server.ts';
import { nodeServingCredentials } from './streaming-pki.ts';

/**
 * The node agent's streaming server factory: issues (or reloads) the node's serving certificate
 * from the cluster CA in `DIR/pki`, and serves logs, exec, attach and port-forward on a random
 * port of 127.0.0.1 to the API server only.
 */
export const startNodeStreaming: StreamingServerFactory = async (context) => {
  const tls = await nodeServingCredentials(join(context.dataDir, 'pki'), context.nodeName);
  const server = createStreamingServer({ tls, access: context.access, logger: context.logger });
  const port = await server.listen(0, '127.0.0.1');
  return { port, close: () => server.close() };
};
