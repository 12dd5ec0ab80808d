import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  aggregatedDiscovery,
  aggregatedDiscoveryContentType,
  apiGroupDocument,
  apiGroupList,
  apiResourceList,
  apiVersions,
  wantedAggregatedDiscovery,
} from '../discovery/discovery.ts';
import type { Registry } from '../registry/registry.ts';
import { statusErrors } from '../status-error.ts';
import type { RequestTarget } from './request-info.ts';
import { sendJson } from './responses.ts';

/** The `/version` document; its minor version picks the kubectl binary the machine's dispatcher runs. */
export const versionInfo = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.0-podvisor',
  gitCommit: 'podvisor',
  gitTreeState: 'clean',
  buildDate: '2026-01-01T00:00:00Z',
  goVersion: 'go1.23',
  compiler: 'gc',
  platform: 'linux/amd64',
};

/** Serves discovery: `/api`, `/apis`, `/apis/<group>`, `/api/v1`, `/apis/<group>/<version>`. */
export function serveDiscovery(
  registry: Registry,
  target: RequestTarget,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  const aggregated = wantedAggregatedDiscovery(req.headers.accept);
  switch (target.type) {
    case 'api-versions':
      if (aggregated)
        sendJson(
          res,
          200,
          aggregatedDiscovery(registry, true, aggregated),
          aggregatedDiscoveryContentType(aggregated),
        );
      else
        sendJson(
          res,
          200,
          apiVersions(
            req.socket.localAddress === undefined
              ? '127.0.0.1'
              : `${req.socket.localAddress}:${req.socket.localPort ?? 0}`,
          ),
        );
      return;
    case 'api-groups':
      if (aggregated)
        sendJson(
          res,
          200,
          aggregatedDiscovery(registry, false, aggregated),
          aggregatedDiscoveryContentType(aggregated),
        );
      else sendJson(res, 200, apiGroupList(registry));
      return;
    case 'api-group': {
      const doc = apiGroupDocument(registry, target.group);
      if (doc === undefined) throw statusErrors.pathNotFound();
      sendJson(res, 200, doc);
      return;
    }
    case 'resource-list': {
      const doc = apiResourceList(registry, target.group, target.version);
      if (doc === undefined) throw statusErrors.pathNotFound();
      sendJson(res, 200, doc);
      return;
    }
    default:
      throw statusErrors.pathNotFound();
  }
}
