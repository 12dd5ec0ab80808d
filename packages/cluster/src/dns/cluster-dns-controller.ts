import type { ControllerFactory } from '../controllers/controller-host.ts';
import { createDnsIndex } from './dns-index.ts';
import { feedDnsIndex } from './feed-dns-index.ts';
import {
  startDnsServer,
  type DnsServerOptions,
  type RunningDnsServer,
} from './start-dns-server.ts';

/** Options of {@link clusterDnsController}: the server's, without the index and logger it gets. */
export type ClusterDnsOptions = Omit<DnsServerOptions, 'index' | 'logger'> & {
  /** Called once the server listens (with the port picked when `port` was 0). */
  readonly onListening?: (address: RunningDnsServer['address']) => void;
};

/**
 * The cluster DNS as a controller of the API server process: an index fed by the in-process
 * informers and a DNS server answering from it. A server that cannot bind is logged as an
 * error; the rest of the cluster runs on.
 */
export function clusterDnsController(options: ClusterDnsOptions): ControllerFactory {
  return {
    name: 'cluster-dns',
    start({ client, logger }) {
      const index = createDnsIndex();
      const feed = feedDnsIndex(client, index);
      const { onListening, ...serverOptions } = options;
      const server = startDnsServer({ ...serverOptions, index, logger }).then(
        (running) => {
          onListening?.(running.address);
          return running;
        },
        (error: unknown) => {
          logger.error({ err: error }, 'dns: the cluster DNS server did not start');
          return undefined;
        },
      );
      return {
        stop: async () => {
          feed.stop();
          await (await server)?.close();
        },
      };
    },
  };
}
