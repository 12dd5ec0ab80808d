import type { Random } from './seeded-random.ts';

/** Candidate values per query parameter: real ones first, then broken ones. */
const parameterValues: Readonly<Record<string, readonly string[]>> = {
  labelSelector: [
    'app=fuzz',
    'app==fuzz',
    'app!=fuzz',
    'tier in (a,b)',
    'tier notin (a)',
    'app',
    '!app',
    'app=fuzz,tier=a',
    'a==',
    'in (',
    '===',
    'app in ()',
    'x'.repeat(5000),
    'a=b=c',
    '!',
    ',',
    'tier in (a,b',
    'ünï=1',
    'a/b/c=d',
    '-a=b',
  ],
  fieldSelector: [
    'metadata.name=seed-0',
    'metadata.namespace=fuzz',
    'metadata.name!=x',
    'spec.nodeName=',
    'status.phase=Running',
    'involvedObject.name=seed-0',
    'bogus.field=1',
    'metadata.name',
    'metadata.name=a=b',
    '=',
    'metadata.name in (a)',
    'spec.size=3',
    ',,,',
  ],
  limit: ['1', '2', '500', '0', '-1', 'abc', '1e3', '99999999999999999999', '1.5', ''],
  continue: [
    '',
    'abc',
    'eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6MSwic3RhcnQiOiJ4In0',
    '%%%',
    'eyJ9',
    'x'.repeat(3000),
  ],
  resourceVersion: ['0', '1', '5', '', '-5', 'abc', '99999999', '1.0', '18446744073709551616'],
  resourceVersionMatch: ['NotOlderThan', 'Exact', 'bogus', ''],
  dryRun: ['All', 'all', 'bogus', '', 'All,All'],
  fieldManager: ['fuzz', 'kubectl-client-side-apply', '', 'x'.repeat(200), 'ünï', 'a\nb'],
  fieldValidation: ['Strict', 'Warn', 'Ignore', 'bogus', ''],
  propagationPolicy: ['Foreground', 'Background', 'Orphan', 'bogus', ''],
  gracePeriodSeconds: ['0', '30', '-1', 'abc', '1e9', ''],
  force: ['true', 'false', 'maybe', ''],
  timeoutSeconds: ['1', '0', '-1', 'abc'],
  allowWatchBookmarks: ['true', 'false', 'x'],
  watch: ['false', '0', 'x', 'true', '1'],
  includeObject: ['None', 'Metadata', 'Object', 'bogus'],
  pretty: ['true', 'false'],
  sendInitialEvents: ['true', 'false'],
  container: ['c', 'nope', ''],
  tailLines: ['10', '-1', 'x'],
  command: ['echo', 'ls'],
  ports: ['80', 'x'],
  timeout: ['5s', '32s', 'x'],
  bogusParam: ['1'],
};

const parameterNames = Object.keys(parameterValues);

function pair(name: string, value: string, random: Random): string {
  const encoded = encodeURIComponent(value).replace(/a/g, random.chance(0.03) ? '%zz' : 'a');
  return `${encodeURIComponent(name)}=${encoded}`;
}

/** Whether a query asks for a watch. */
export function asksForWatch(query: string): boolean {
  return /(^|&)watch=(true|1)(&|$)/.test(query);
}

/**
 * A random query string (without `?`): 0–4 parameters drawn from what kubectl and client-node
 * send, with real and broken values, sometimes duplicated; GETs are sometimes watches with a
 * short timeout.
 */
export function randomQuery(random: Random, method: string): string {
  const pairs: string[] = [];
  for (let i = random.int(5); i > 0; i--) {
    const name = random.pick(parameterNames);
    const values = parameterValues[name] ?? [''];
    const value = random.chance(0.5)
      ? values[random.int(Math.min(values.length, 4))]
      : random.pick(values);
    pairs.push(pair(name, value ?? '', random));
    if (random.chance(0.05)) pairs.push(pair(name, random.pick(values), random));
  }
  if (method === 'GET' && random.chance(0.03)) {
    pairs.push('watch=true', `timeoutSeconds=${random.pick(['1', '1', '0'])}`);
    if (random.chance(0.5)) pairs.push(`resourceVersion=${random.pick(['0', '1', '10', ''])}`);
  }
  if (random.chance(0.01)) pairs.push(random.pick(['&&', '=', 'a', '%', 'x=%E0%A4%A']));
  return pairs.join('&');
}
