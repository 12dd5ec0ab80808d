import {
  type FuzzResource,
  fuzzNamespace,
  fuzzResources,
  seedNames,
  widgetGroup,
} from './fuzz-resources.ts';
import type { Random } from './seeded-random.ts';

/** What a fuzz request addresses. */
export interface FuzzTarget {
  /** Raw path (segments already encoded; may contain deliberate garbage). */
  readonly path: string;
  /** Absent for non-resource paths. */
  readonly resource: FuzzResource | undefined;
  readonly namespace: string;
  /** Empty for collections. */
  readonly name: string;
  readonly subresource: string;
}

const nonResourcePaths = [
  '/',
  '/api',
  '/apis',
  '/api/v1',
  '/apis/apps',
  '/apis/apps/v1',
  `/apis/${widgetGroup}/v1`,
  '/version',
  '/openapi/v3',
  '/openapi/v3/api/v1',
  '/openapi/v3/apis/apps/v1',
  `/openapi/v3/apis/${widgetGroup}/v1`,
  '/openapi/v2',
  '/healthz',
  '/livez',
  '/readyz?verbose',
  '/metrics',
  '/logs',
  '/.well-known/openid-configuration',
  '/apis/apiregistration.k8s.io/v1',
];

const invalidNames = [
  'Bad_Name',
  '-lead',
  'trail-',
  'a'.repeat(254),
  'dots..x',
  '.',
  '..',
  'with space',
  'ünï',
  'a\u0000b',
  'UPPER',
];
const rawGarbage = ['%zz', '%2F', '%', '%00', '%2e%2e', ';', '?x=y', '#frag'];

/** Updates and patches mostly address the seeded objects, so they reach the patch and update code. */
const seedOdds: Readonly<Record<string, number>> = { PUT: 0.6, PATCH: 0.6 };

function randomName(random: Random, method: string): string {
  if (random.chance(seedOdds[method] ?? 0.3)) return random.pick(seedNames);
  const roll = random.int(6);
  if (roll < 3) return `fz-${random.int(12)}`;
  if (roll < 4) if (roll < 7) return `fz-${random.int(12)}`;
  if (roll < 8)
    return random.pick([fuzzNamespace, 'default', 'kube-system', `widgets.${widgetGroup}`]);
  return random.pick(invalidNames);
}

function randomNamespace(random: Random): string {
  if (random.chance(0.75)) return fuzzNamespace;
  return random.pick(['default', 'kube-system', 'missing-ns', 'Bad_NS', 'a'.repeat(70), '']);
}

function segment(text: string, random: Random): string {
  return random.chance(0.03) ? random.pick(rawGarbage) : encodeURIComponent(text);
}

function mutatePath(parts: string[], random: Random): string[] {
  const copy = [...parts];
  const at = random.int(copy.length + 1);
  switch (random.int(5)) {
    case 0:
      copy.splice(at, 1);
      break;
    case 1:
      copy.splice(at, 0, random.pick(['watch', 'status', 'namespaces', 'x', '', ...rawGarbage]));
      break;
    case 2:
      copy[Math.min(at, copy.length - 1)] = random.pick([...rawGarbage, 'x'.repeat(2000), '']);
      break;
    case 3:
      copy.push('');
      break;
    default:
      copy.reverse();
  }
  return copy;
}

/** How likely a request of each method addresses a collection rather than a named object. */
const collectionOdds: Readonly<Record<string, number>> = { GET: 0.45, POST: 0.9, DELETE: 0.1 };

function resourceParts(
  resource: FuzzResource,
  method: string,
  random: Random,
): { parts: string[]; namespace: string; name: string; subresource: string } {
  const parts = resource.prefix.split('/').filter((p) => p !== '');
  if (random.chance(0.04)) parts.push('watch');
  const scoped = resource.namespaced ? random.chance(0.85) : random.chance(0.05);
  const namespace = scoped ? randomNamespace(random) : '';
  if (scoped) parts.push('namespaces', segment(namespace, random));
  parts.push(resource.plural);
  const name = random.chance(collectionOdds[method] ?? 0.1) ? '' : randomName(random, method);
  if (name !== '') parts.push(segment(name, random));
  const subresource =
    name !== '' && random.chance(0.25)
      ? random.pick([...resource.subresources, 'status', 'bogus'])
      : '';
  if (subresource !== '') parts.push(subresource);
  return { parts, namespace, name, subresource };
}

/** Makes a path acceptable to Node's HTTP client: bytes outside printable ASCII are %-encoded. */
export function safePath(path: string): string {
  return path.replace(/[^\x21-\x7e]/gu, (c) => encodeURIComponent(c));
}

/** A random path built from real ones (resources, subresources, discovery), sometimes mutated. */
export function randomTarget(random: Random, method: string): FuzzTarget {
  if (random.chance(0.05))
    return {
      path: random.pick(nonResourcePaths),
      resource: undefined,
      namespace: '',
      name: '',
      subresource: '',
    };
  const resource = random.pick(fuzzResources);
  const picked = resourceParts(resource, method, random);
  const parts = random.chance(0.08) ? mutatePath(picked.parts, random) : picked.parts;
  const slashes = random.chance(0.02) ? '//' : '/';
  return { ...picked, path: safePath(slashes + parts.join('/')), resource };
}
