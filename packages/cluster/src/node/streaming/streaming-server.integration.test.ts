import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import { join } from 'node:path';
import { createLogger } from '@podvisor/kube';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { ensureClusterPki } from '../../pki/cluster-pki.ts';
import { criLogLine } from './cri-log.ts';
import { FakeContainerAccess } from './fake-container-access.ts';
import { createStreamingServer, type StreamingServer } from './streaming-server.ts';
import {
  nodeServingCredentials,
  proxyClientCredentials,
  type StreamingCredentials,
} from './streaming-pki.ts';

const dir = mkdtempSync(join(tmpdir(), 'podvisor-streaming-'));
const access = new FakeContainerAccess(join(dir, 'logs'));
const logger = createLogger({ component: 'test', level: 'silent' });
let server: StreamingServer;
let port = 0;
let client: StreamingCredentials;

const at = (second: number): Date => new Date(Date.UTC(2025, 0, 1, 0, 0, second));
const previousLog = [
  criLogLine({ time: at(1), stream: 'stdout', content: 'old one' }),
  criLogLine({ time: at(2), stream: 'stderr', content: 'old two' }),
  criLogLine({ time: at(3), stream: 'stdout', content: 'old ', partial: true }),
  criLogLine({ time: at(3), stream: 'stdout', content: 'three' }),
].join('');

interface Answer {
  readonly status: number;
  readonly body: string;
}

function get(path: string, credentials: Partial<StreamingCredentials> = client): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        ca: client.ca,
        cert: credentials.cert,
        key: credentials.key,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

interface ChannelRun {
  readonly protocol: string;
  readonly frames: { channel: number; text: string }[];
}

function channelSession(path: string, protocols: string[], input?: Buffer[]): Promise<ChannelRun> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`wss://127.0.0.1:${port}${path}`, protocols, {
      ca: client.ca,
      cert: client.cert,
      key: client.key,
    });
    const frames: { channel: number; text: string }[] = [];
    ws.on('open', () => {
      for (const message of input ?? []) ws.send(message);
    });
    ws.on('message', (data: Buffer) => {
      frames.push({ channel: data[0] ?? -1, text: data.subarray(1).toString('utf8') });
    });
    ws.on('close', () => {
      resolve({ protocol: ws.protocol, frames });
    });
    ws.on('error', reject);
  });
}

function channelText(run: ChannelRun, channel: number): string {
  return run.frames
    .filter((f) => f.channel === channel)
    .map((f) => f.text)
    .join('');
}

beforeAll(async () => {
  const pki = join(dir, 'pki');
  await ensureClusterPki(pki);
  client = await proxyClientCredentials(pki);
  server = createStreamingServer({
    tls: await nodeServingCredentials(pki, 'node-1'),
    access,
    logger,
    pollMs: 50,
  });
  port = await server.listen(0);
  access.start('u1', 'c', {
    command: ['sh', '-c', 'echo one; echo two; echo three; exec sleep 60'],
    previousLog,
  });
  access.start('u2', 'short', { command: ['sh', '-c', 'echo a; sleep 0.5; echo b'] });
  // Wait for the first container's three lines to be in its log file.
  while ((await get('/containerLogs/ns/p/c?podUID=u1')).body !== 'one\ntwo\nthree\n')
    await delay(50);
});

afterAll(async () => {
  access.stopAll();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('node streaming server: logs', () => {
  it.each([
    ['the previous run', 'previous=true', 'old one\nold two\nold three\n'],
    ['the last 2 lines', 'previous=true&tailLines=2', 'old two\nold three\n'],
    ['nothing for tailLines=0', 'previous=true&tailLines=0', ''],
    ['at most limitBytes bytes', 'previous=true&limitBytes=6', 'old on'],
    [
      'timestamps first',
      'previous=true&timestamps=true&tailLines=1',
      '2025-01-01T00:00:03.000000000Z old 2025-01-01T00:00:03.000000000Z three\n',
    ],
    [
      'lines since sinceTime',
      'previous=true&sinceTime=2025-01-01T00:00:02Z',
      'old two\nold three\n',
    ],
  ])('serves %s', async (_what, query, expected) => {
    const answer = await get(`/containerLogs/ns/p/c?podUID=u1&${query}`);
    expect(answer).toEqual({ status: 200, body: expected });
  });

  it('follows a log until its container ends', async () => {
    const answer = await get('/containerLogs/ns/q/short?podUID=u2&follow=true');
    expect(answer).toEqual({ status: 200, body: 'a\nb\n' });
  });

  it.each([
    ['tailLines=-1', 422, 'PodLogOptions \\"p\\" is invalid: tailLines: Invalid value: -1'],
    ['sinceSeconds=5&sinceTime=2025-01-01T00:00:00Z', 422, 'at most one of `sinceTime`'],
    ['limitBytes=x', 400, 'limitBytes: invalid value \\"x\\"'],
  ])('refuses %s', async (query, status, message) => {
    const answer = await get(`/containerLogs/ns/p/c?podUID=u1&${query}`);
    expect(answer.status).toBe(status);
    expect(answer.body).toContain(message);
  });

  it('answers 400 for a previous run that does not exist', async () => {
    const answer = await get('/containerLogs/ns/q/short?podUID=u2&previous=true');
    expect(answer.status).toBe(400);
    expect(answer.body).toContain(
      'previous terminated container \\"short\\" in pod \\"q\\" not found',
    );
  });

  it('refuses a client without the API server certificate', async () => {
    await expect(get('/containerLogs/ns/p/c?podUID=u1', {})).rejects.toThrow();
  });
});

describe('node streaming server: exec', () => {
  const exec =
    '/exec/ns/p/u1/c?command=sh&command=-c&command=echo%20hi%3B%20echo%20err%20%3E%262%3B%20exit%203&stdout=true&stderr=true';

  it('reports a non-zero exit code as a v5 Status on channel 3', async () => {
    const run = await channelSession(exec, ['v5.channel.k8s.io']);
    expect(run.protocol).toBe('v5.channel.k8s.io');
    expect(channelText(run, 1)).toBe('hi\n');
    expect(channelText(run, 2)).toBe('err\n');
    expect(JSON.parse(channelText(run, 3))).toMatchObject({
      status: 'Failure',
      reason: 'NonZeroExitCode',
      details: { causes: [{ reason: 'ExitCode', message: '3' }] },
    });
  });

  it('picks v4 when the client offers up to v4, and words the exit code as text for v1', async () => {
    const v4 = await channelSession(exec, ['v4.channel.k8s.io', 'channel.k8s.io']);
    expect(v4.protocol).toBe('v4.channel.k8s.io');
    const v1 = await channelSession(exec, ['channel.k8s.io']);
    expect(channelText(v1, 3)).toBe('command terminated with non-zero exit code: exit status 3');
  });

  it('feeds stdin and ends it on the v5 close frame', async () => {
    const run = await channelSession(
      '/exec/ns/p/u1/c?command=cat&stdin=true&stdout=true',
      ['v5.channel.k8s.io'],
      [Buffer.from('\x00piped'), Buffer.from([255, 0])],
    );
    expect(channelText(run, 1)).toBe('piped');
    expect(JSON.parse(channelText(run, 3))).toEqual({ metadata: {}, status: 'Success' });
  });

  it('answers 404 before upgrading for an unknown container', async () => {
    const run = channelSession('/exec/ns/p/u1/nope?command=true&stdout=true', [
      'v5.channel.k8s.io',
    ]);
    await expect(run).rejects.toThrow('Unexpected server response: 404');
  });
});
