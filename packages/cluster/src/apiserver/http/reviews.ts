import { isJsonObject, type JsonObject, type KubeObject } from '../json.ts';
import type { ResourceDefinition } from '../registry/resource-definition.ts';
import type { UserInfo } from './authenticate.ts';

/** Whether a resource is a review: created, answered, never stored. */
export function isReview(def: ResourceDefinition): boolean {
  return def.group === 'authorization.k8s.io' || def.group === 'authentication.k8s.io';
}

function userInfo(user: UserInfo): JsonObject {
  return { username: user.name, groups: [...user.groups] };
}

/**
 * Answers a review. Until RBAC arrives (issue 4) the only user is the cluster admin, who may do
 * everything; token reviews check the token against the known ones.
 */
export function answerReview(
  def: ResourceDefinition,
  review: KubeObject,
  user: UserInfo,
  authenticate: (token: string) => UserInfo | undefined,
): KubeObject {
  const spec = isJsonObject(review['spec']) ? review['spec'] : {};
  switch (def.kind) {
    case 'TokenReview': {
      const found = typeof spec['token'] === 'string' ? authenticate(spec['token']) : undefined;
      return {
        ...review,
        status:
          found === undefined
            ? { authenticated: false, error: 'invalid bearer token' }
            : { authenticated: true, user: userInfo(found) },
      };
    }
    case 'SelfSubjectReview':
      return { ...review, status: { userInfo: userInfo(user) } };
    case 'SelfSubjectRulesReview':
      return {
        ...review,
        status: {
          resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
          nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
          incomplete: false,
        },
      };
    default:
      return {
        ...review,
        status: { allowed: true, reason: 'the embedded cluster allows its admin everything' },
      };
  }
}
