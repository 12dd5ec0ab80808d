import { join } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import { createEventRecorder, serveMetrics, type Logger } from '@podvisor/kube';
import { Registry } from 'prom-client';
import { startVirtHandler } from './start-virt-handler.ts';
import type { VirtHandlerConfig } from './virt-handler-config.ts';

/** A running virt-handler process: its ports, and a graceful stop. */
export interface RunningVirtHandler {
  /** The port of `/metrics`, `/healthz` and `/readyz`. */
  readonly metricsPort: number;
  /** The port of the node endpoint (streams and VMI actions for virt-api). */
  readonly nodeEndpointPort: number | undefined;
  /** Marks the node unschedulable, stops handling VMIs (their guests keep running). */
  close(): Promise<void>;
}

/** `path` as this process sees it: under `containerRoot` in the embedded cluster's pods. */
function inContainer(containerRoot: string, path: string): string {
  return containerRoot === '' ? path : join(containerRoot, path);
}

/**
 * Starts virt-handler from its configuration: the metrics server first (so `/healthz` answers
 * while the caches sync), then the handler with an event recorder as `virt-handler` on the node.
 */
export async function runVirtHandler(input: {
  config: VirtHandlerConfig;
  kubeConfig: KubeConfig;
  logger: Logger;
}): Promise<RunningVirtHandler> {
  const { config, kubeConfig, logger } = input;
  const registry = new Registry();
  let ready = (): boolean => false;
  const metrics = await serveMetrics({
    host: config.host,
    port: config.metricsPort,
    registry,
    logger,
    ready: () => ready(),
  });
  const events = createEventRecorder({
    kubeConfig,
    component: 'virt-handler',
    host: config.nodeName,
    logger,
  });
  try {
    const handler = await startVirtHandler({
      kubeConfig,
      nodeName: config.nodeName,
      podsDir: inContainer(config.containerRoot, config.podsDir),
      events,
      logger,
      registry,
      heartbeatIntervalMs: config.heartbeatIntervalMs,
      resyncIntervalMs: config.resyncIntervalMs,
      watchdogTimeoutMs: config.watchdogTimeoutMs,
      nodeEndpoint: {
        host: config.host,
        port: config.consolePort,
        certificateDir: inContainer(
          config.containerRoot,
          join(config.stateDir, 'virt-handler', config.nodeName),
        ),
        ...(config.podName === ''
          ? {}
          : { pod: { namespace: config.namespace, name: config.podName } }),
        caller: { namespace: config.namespace, name: config.virtApiServiceAccount },
        pingIntervalMs: config.streamPingIntervalMs,
      },
    });
    ready = () => handler.ready();
    return {
      metricsPort: metrics.port,
      nodeEndpointPort: handler.nodeEndpointPort,
      async close() {
        await handler.stop();
        await events.flush();
        await metrics.close();
      },
    };
  } catch (error) {
    await metrics.close();
    throw error;
  }
}
