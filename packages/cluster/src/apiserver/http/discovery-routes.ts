import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Aggregator } from '../aggregation/index.ts';
import {
  aggregatedDiscovery,
  aggregatedDiscoveryContentType,
  apiGroupDocument,
  apiGroupList,
  apiResourceList,
  apiVersions,
  wantedAggregatedDiscovery,
  withRemoteGroupList,
  withRemoteGroups,
  type RemoteGroup,
} from '../discovery/discovery.ts';
import type { JsonObject } from '../json.ts';
import type { Registry } from '../registry/registry.ts';
import { statusErrors } from '../status-error.ts';
import type { UserInfo } from '../user-info.ts';
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

/** What discovery needs: the local registry and, when aggregation is on, the aggregator. */
export interface DiscoverySources {
  readonly registry: Registry;
  readonly aggregator: Aggregator | undefined;
}

/** The groups served by aggregated servers, without those the registry serves itself. */
function remoteGroupNames(
  sources: DiscoverySources,
): { name: string; versions: readonly string[] }[] {
  const local = new Set(sources.registry.groups().map((g) => g.name));
  return (sources.aggregator?.groups() ?? []).filter((g) => !local.has(g.name));
}

/** Each remote group-version's resources from its backend; failures leave the version out (as upstream). */
async function remoteGroups(sources: DiscoverySources): Promise<RemoteGroup[]> {
  const { aggregator } = sources;
  if (aggregator === undefined) return [];
  return Promise.all(
    remoteGroupNames(sources).map(async (g) => ({
      name: g.name,
      versions: await Promise.all(
        g.versions.map(async (version) => {
          const service = aggregator.route(g.name, version);
          const resources: JsonObject | undefined =
            service === undefined
              ? undefined
              : await aggregator.discovery(service).catch(() => undefined);
          return { version, resources };
        }),
      ),
    })),
  );
}

async function serveGroups(
  sources: DiscoverySources,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const aggregated = wantedAggregatedDiscovery(req.headers.accept);
  if (aggregated === undefined) {
    sendJson(
      res,
      200,
      withRemoteGroupList(apiGroupList(sources.registry), remoteGroupNames(sources)),
    );
    return;
  }
  const doc = withRemoteGroups(
    aggregatedDiscovery(sources.registry, false, aggregated),
    await remoteGroups(sources),
  );
  sendJson(res, 200, doc, aggregatedDiscoveryContentType(aggregated));
}

function serveCore(registry: Registry, req: IncomingMessage, res: ServerResponse): void {
  const aggregated = wantedAggregatedDiscovery(req.headers.accept);
  if (aggregated !== undefined) {
    sendJson(
      res,
      200,
      aggregatedDiscovery(registry, true, aggregated),
      aggregatedDiscoveryContentType(aggregated),
    );
    return;
  }
  const local = req.socket.localAddress;
  sendJson(
    res,
    200,
    apiVersions(local === undefined ? '127.0.0.1' : `${local}:${req.socket.localPort ?? 0}`),
  );
}

function groupDocument(sources: DiscoverySources, group: string): JsonObject {
  const doc = apiGroupDocument(sources.registry, group);
  if (doc !== undefined) return doc;
  const remote = remoteGroupNames(sources).find((g) => g.name === group);
  if (remote === undefined) throw statusErrors.pathNotFound();
  const versions = remote.versions.map((version) => ({
    groupVersion: `${group}/${version}`,
    version,
  }));
  return {
    kind: 'APIGroup',
    apiVersion: 'v1',
    name: group,
    versions,
    preferredVersion: versions[0] ?? null,
  };
}

/**
 * Serves discovery: `/api`, `/apis`, `/apis/<group>`, `/api/v1`, `/apis/<group>/<version>` (the
 * last is proxied when an aggregated server owns the group-version).
 */
export async function serveDiscovery(
  sources: DiscoverySources,
  call: { target: RequestTarget; req: IncomingMessage; res: ServerResponse },
  user: UserInfo | undefined,
): Promise<void> {
  const { target, req, res } = call;
  switch (target.type) {
    case 'api-versions':
      serveCore(sources.registry, req, res);
      return;
    case 'api-groups':
      await serveGroups(sources, req, res);
      return;
    case 'api-group':
      sendJson(res, 200, groupDocument(sources, target.group));
      return;
    case 'resource-list': {
      const remote =
        target.group === '' ? undefined : sources.aggregator?.route(target.group, target.version);
      if (remote !== undefined && user !== undefined) {
        await sources.aggregator?.proxy(req, res, remote, user);
        return;
      }
      const doc = apiResourceList(sources.registry, target.group, target.version);
      if (doc === undefined) throw statusErrors.pathNotFound();
      sendJson(res, 200, doc);
      return;
    }
    default:
      throw statusErrors.pathNotFound();
  }
}
