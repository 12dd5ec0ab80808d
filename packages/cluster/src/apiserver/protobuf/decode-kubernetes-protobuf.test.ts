import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { StatusError } from '../status-error.ts';
import { decodeKubernetesProtobuf, isKubernetesProtobuf } from './decode-kubernetes-protobuf.ts';
import { bytesField, concatBytes, kubernetesBody, messageField } from './wire-encoder.ts';

/**
 * Bodies captured from the real kubectl 1.32 (1.33 sends the same bytes), each with the JSON the
 * same command sends as JSON (kubectl 1.27's request body, or `--dry-run=client -o json` of 1.32).
 * See fixtures/README.md.
 */
const fixtures = [
  ['namespace', 'create namespace foo'],
  ['configmap', 'create configmap c --from-literal=a=b --from-literal=x=multi-line'],
  ['configmap-binary', 'create configmap cb --from-file=bin=<binary file> --from-literal=t=u'],
  ['secret-generic', 'create secret generic s --from-literal=k=v --from-literal=z=zzz'],
  ['secret-docker', 'create secret docker-registry reg --docker-username=u …'],
  ['serviceaccount', 'create serviceaccount sa'],
  ['service-clusterip', 'create service clusterip svc --tcp=80:8080'],
  ['service-nodeport', 'create service nodeport np --tcp=5678:8080 --node-port=30080'],
  ['service-headless', 'create service clusterip hl --clusterip=None'],
  ['service-lb', 'create service loadbalancer lb --tcp=443:https'],
  ['service-external', 'create service externalname ext --external-name=example.com'],
  ['quota', 'create quota q --hard=cpu=1,memory=1Gi,pods=3'],
  ['deployment', 'create deployment d --image=nginx --port=80 --replicas=2'],
  ['deployment-cmd', 'create deployment d2 --image=busybox -- sleep 3600'],
  ['deployment-full', 'create deployment full --image=nginx --image=redis --port=8080 -n other'],
  ['job', 'create job j --image=busybox -- echo hi'],
  ['job-from-cronjob', 'create job fromcj --from=cronjob/cj (a CronJob with a full pod spec)'],
  ['cronjob', "create cronjob cj --image=busybox --schedule='*/5 * * * *' -- date"],
  ['role', 'create role r --verb=get,list --resource=pods,deployments.apps --resource-name=a'],
  ['clusterrole', 'create clusterrole cr --verb=get --non-resource-url=/healthz'],
  ['clusterrole-agg', 'create clusterrole agg --aggregation-rule=foo=bar'],
  [
    'rolebinding',
    'create rolebinding rb --role=r --user=alice --serviceaccount=default:sa --group=g',
  ],
  ['clusterrolebinding', 'create clusterrolebinding crb --clusterrole=cr --user=bob'],
  ['pdb', 'create pdb p --selector=app=x --min-available=50%'],
  ['priorityclass', 'create priorityclass pc --value=1000 --description=hi'],
  ['ingress', 'create ingress ing --rule=foo.com/bar=svc1:8080'],
  ['cani', 'auth can-i list pods'],
  ['cani-sub', 'auth can-i get deployments.apps/scale --subresource=scale -n kube-system'],
  ['cani-nonres', 'auth can-i get /logs'],
  ['token', 'create token sa --duration=10m --audience=foo'],
] as const;

function fixture(name: string, extension: 'pb' | 'json'): Buffer {
  return readFileSync(new URL(`fixtures/${name}.${extension}`, import.meta.url));
}

function body(name: string): Uint8Array {
  return new Uint8Array(fixture(name, 'pb'));
}

/** The outcome of decoding: the object, or the StatusError; anything else fails the test. */
function attempt(bytes: Uint8Array): unknown {
  try {
    return decodeKubernetesProtobuf(bytes);
  } catch (error) {
    if (error instanceof StatusError) return error;
    throw error;
  }
}

function decodeError(bytes: Uint8Array): StatusError {
  const result = attempt(bytes);
  if (result instanceof StatusError) return result;
  throw new Error('expected a StatusError');
}

/** A small seeded generator (mulberry32), so that the random bodies are the same on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('decodeKubernetesProtobuf on real kubectl bodies', () => {
  it.each(fixtures)('decodes %s (kubectl %s) into the JSON kubectl sends', (name) => {
    const expected: unknown = JSON.parse(fixture(name, 'json').toString('utf8'));
    const decoded = decodeKubernetesProtobuf(body(name));
    expect(decoded).toEqual(expected);
    // Same key order too, as Go writes the struct fields.
    expect(JSON.stringify(decoded)).toBe(JSON.stringify(expected));
  });
});

describe('isKubernetesProtobuf', () => {
  it.each([
    ['a kubectl body', body('namespace'), true],
    ['the bare magic', Uint8Array.from([0x6b, 0x38, 0x73, 0x00]), true],
    ['a JSON body', new TextEncoder().encode('{"kind":"Namespace"}'), false],
    ['"k8s" without the NUL', new TextEncoder().encode('k8s!'), false],
    ['a body shorter than the magic', Uint8Array.from([0x6b, 0x38, 0x73]), false],
    ['an empty body', new Uint8Array(), false],
  ])('says %s is %s', (_name, bytes, expected) => {
    expect(isKubernetesProtobuf(bytes)).toBe(expected);
  });
});

describe('decodeKubernetesProtobuf errors', () => {
  const pod = kubernetesBody({ apiVersion: 'v1', kind: 'Pod' }, new Uint8Array());

  it('answers 415 for a kind it cannot decode, naming the kind and the JSON/YAML way', () => {
    const error = decodeError(pod);
    expect(error.code).toBe(415);
    expect(error.reason).toBe('UnsupportedMediaType');
    expect(error.message).toContain('protobuf request bodies of kind Pod (v1)');
    expect(error.message).toContain('kubectl create -f or kubectl apply -f');
  });

  it('answers 415 for a known kind name in a group it does not decode', () => {
    const body = kubernetesBody(
      { apiVersion: 'example.com/v1', kind: 'Deployment' },
      new Uint8Array(),
    );
    expect(decodeError(body).message).toContain('kind Deployment (example.com/v1)');
  });

  it.each([
    ['a content encoding', bytesField(3, 'gzip'), 'content encoding "gzip"'],
    [
      'a JSON content type',
      bytesField(4, 'application/json'),
      'content of type "application/json"',
    ],
  ])('answers 415 for an envelope with %s', (_name, extra, message) => {
    const body = kubernetesBody({ apiVersion: 'v1', kind: 'Namespace' }, new Uint8Array(), extra);
    const error = decodeError(body);
    expect(error.code).toBe(415);
    expect(error.message).toContain(message);
  });

  it('accepts an envelope that names the protobuf content type', () => {
    const extra = bytesField(4, 'application/vnd.kubernetes.protobuf');
    const body = kubernetesBody(
      { apiVersion: 'v1', kind: 'ServiceAccount' },
      new Uint8Array(),
      extra,
    );
    expect(decodeKubernetesProtobuf(body)).toEqual({
      kind: 'ServiceAccount',
      apiVersion: 'v1',
      metadata: { creationTimestamp: null },
    });
  });

  it.each([
    ['a JSON body', new TextEncoder().encode('{}'), 'does not start with the magic bytes'],
    [
      'an empty envelope',
      Uint8Array.from([0x6b, 0x38, 0x73, 0x00]),
      'names no apiVersion and kind',
    ],
    [
      'an envelope without a kind',
      concatBytes(Uint8Array.from([0x6b, 0x38, 0x73, 0x00]), messageField(1, bytesField(1, 'v1'))),
      'names no apiVersion and kind',
    ],
    [
      'a typeMeta that is not a message',
      concatBytes(Uint8Array.from([0x6b, 0x38, 0x73, 0x00, 0x08, 0x01])),
      'typeMeta: wire type 0, expected 2',
    ],
  ])('answers 400 for %s', (_name, bytes, message) => {
    const error = decodeError(bytes);
    expect(error.code).toBe(400);
    expect(error.reason).toBe('BadRequest');
    expect(error.message).toContain(message);
  });

  it('answers 400 naming the field for a corrupt object inside a valid envelope', () => {
    const raw = messageField(1, bytesField(1, 'foo'), Uint8Array.from([0x12, 0x09]));
    const error = decodeError(kubernetesBody({ apiVersion: 'v1', kind: 'Namespace' }, raw));
    expect(error.code).toBe(400);
    expect(error.message).toContain('metadata: truncated field');
  });

  it.each(fixtures.map(([name]) => name))(
    'answers only 400s for every truncation of the %s body',
    (name) => {
      const full = body(name);
      const codes = new Set<number>();
      for (let length = 0; length < full.length; length++) {
        const result = attempt(full.subarray(0, length));
        // A cut that lands between fields is a valid, shorter body; any other cut must be a 400.
        if (result instanceof StatusError) codes.add(result.code);
      }
      expect([...codes]).toEqual([400]);
    },
  );

  it('never fails with anything but a StatusError on random bytes after the magic', () => {
    const next = random(1);
    const outcomes = new Set<string>();
    for (let run = 0; run < 3000; run++) {
      const length = Math.floor(next() * 64);
      const tail = Uint8Array.from({ length }, () => Math.floor(next() * 256));
      const result = attempt(concatBytes(Uint8Array.from([0x6b, 0x38, 0x73, 0x00]), tail));
      outcomes.add(result instanceof StatusError ? String(result.code) : 'decoded');
    }
    expect([...outcomes].sort()).toEqual(['400']);
  });

  it('never fails with anything but a StatusError when bytes of real bodies are mutated', () => {
    const next = random(2);
    const bodies = fixtures.map(([name]) => body(name));
    const outcomes = new Set<string>();
    for (let run = 0; run < 3000; run++) {
      const original = bodies[run % bodies.length] ?? new Uint8Array();
      const mutated = Uint8Array.from(original);
      for (let flips = 1 + Math.floor(next() * 3); flips > 0; flips--) {
        const at = 4 + Math.floor(next() * (mutated.length - 4));
        mutated[at] = Math.floor(next() * 256);
      }
      const result = attempt(mutated);
      outcomes.add(result instanceof StatusError ? String(result.code) : 'decoded');
    }
    expect(outcomes).toEqual(new Set(['400', '415', 'decoded']));
  });
});
