import { createServer, connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  encodeMigrationHeader,
  maxHeaderBytes,
  migrationChannels,
  parseMigrationHeader,
  readFirstLine,
} from './migration-header.ts';

const uid = '3f2c6a1e-9b7d-4c1a-8f00-123456789abc';

/** A connected pair of TCP sockets on the loopback. */
async function socketPair(): Promise<[Socket, Socket]> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const accepted = new Promise<Socket>((resolve) => server.once('connection', resolve));
  const client = connect(port, '127.0.0.1');
  const peer = await accepted;
  server.close();
  return [client, peer];
}

describe('migration headers', () => {
  it.each(migrationChannels)('round-trips the %s channel', (channel) => {
    const line = encodeMigrationHeader({ channel, token: uid });
    expect(line.endsWith('\n')).toBe(true);
    expect(parseMigrationHeader(line.slice(0, -1))).toEqual({ channel, token: uid });
  });

  it.each([
    ['another protocol', `HTTP/1.1 c ${uid}`, 'not a PODVISOR-MIGRATION/1 header'],
    ['an unknown channel', `PODVISOR-MIGRATION/1 x ${uid}`, "unknown channel 'x'"],
    ['no token', 'PODVISOR-MIGRATION/1 c', 'malformed migration uid'],
    ['extra words', `PODVISOR-MIGRATION/1 c ${uid} more`, 'malformed migration uid'],
    ['a token with a slash', 'PODVISOR-MIGRATION/1 c a/b', 'malformed migration uid'],
    ['an empty line', '', 'not a PODVISOR-MIGRATION/1 header'],
  ])('refuses %s', (_name, line, message) => {
    expect(() => parseMigrationHeader(line)).toThrow(message);
  });

  it('refuses to encode a token that could break the line', () => {
    expect(() => encodeMigrationHeader({ channel: 'control', token: 'a\nb' })).toThrow(
      'not a valid migration uid',
    );
  });
});

describe('readFirstLine', () => {
  it('returns the line and keeps the bytes after it', async () => {
    const [client, peer] = await socketPair();
    client.write(`hello\npayload`);
    const first = await readFirstLine(peer, 5000);
    expect(first.line).toBe('hello');
    expect(first.rest.toString()).toBe('payload');
    client.destroy();
    peer.destroy();
  });

  it('refuses a line longer than the limit', async () => {
    const [client, peer] = await socketPair();
    client.write('x'.repeat(maxHeaderBytes + 10));
    await expect(readFirstLine(peer, 5000)).rejects.toThrow('longer than 256 bytes');
    client.destroy();
    peer.destroy();
  });

  it('fails when the peer ends before a newline', async () => {
    const [client, peer] = await socketPair();
    client.end('half');
    await expect(readFirstLine(peer, 5000)).rejects.toThrow('ended before its header');
    peer.destroy();
  });
});
