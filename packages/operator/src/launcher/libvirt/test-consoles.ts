import { connect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** Polls `read` until `pattern` matches (returning the match) or `ms` pass (throwing, with the text). */
export async function waitForText(options: {
  what: string;
  read: () => string;
  pattern: RegExp;
  ms?: number;
}): Promise<string> {
  const deadline = Date.now() + (options.ms ?? 60_000);
  for (;;) {
    const text = options.read();
    const match = options.pattern.exec(text);
    if (match !== null) return match[0];
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${options.what}; got:\n${text.slice(-2000)}`);
    }
    await sleep(50);
  }
}

/** Polls `find` until it returns a value or `ms` pass. */
export async function waitForValue<T>(
  what: string,
  find: () => T | undefined,
  ms = 30_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = find();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

/** Connects to a unix socket, resolving with the socket and a growing buffer of what it sent. */
export function openSocket(path: string): Promise<{ socket: Socket; received: () => Buffer }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(path);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.once('connect', () => {
      resolve({ socket, received: () => Buffer.concat(chunks) });
    });
    socket.once('error', reject);
  });
}

async function receivedBytes(received: () => Buffer, count: number, what: string): Promise<Buffer> {
  return waitForValue(
    what,
    () => {
      const data = received();
      return data.length >= count ? data : undefined;
    },
    10_000,
  );
}

/** The first 12 bytes a VNC server sends on `path` (`RFB 003.008\n` from QEMU). */
export async function vncGreeting(path: string): Promise<string> {
  const { socket, received } = await openSocket(path);
  try {
    return (await receivedBytes(received, 12, 'the VNC greeting'))
      .subarray(0, 12)
      .toString('latin1');
  } finally {
    socket.destroy();
  }
}

/** A SPICE link request for the main channel (protocol 2.2, one common capability word). */
function spiceLinkRequest(): Buffer {
  const message = Buffer.alloc(22);
  message.writeUInt32LE(0, 0); // connection id
  message.writeUInt8(1, 4); // channel type: main
  message.writeUInt8(0, 5); // channel id
  message.writeUInt32LE(1, 6); // common capabilities
  message.writeUInt32LE(0, 10); // channel capabilities
  message.writeUInt32LE(18, 14); // capabilities offset
  message.writeUInt32LE(0, 18); // the capability word
  const header = Buffer.alloc(16);
  header.write('REDQ', 0, 'latin1');
  header.writeUInt32LE(2, 4);
  header.writeUInt32LE(2, 8);
  header.writeUInt32LE(message.length, 12);
  return Buffer.concat([header, message]);
}

/** The SPICE server's link reply on `path`: its magic, major version and error code. */
export async function spiceLinkReply(
  path: string,
): Promise<{ magic: string; major: number; error: number }> {
  const { socket, received } = await openSocket(path);
  try {
    socket.write(spiceLinkRequest());
    const reply = await receivedBytes(received, 20, 'the SPICE link reply');
    return {
      magic: reply.subarray(0, 4).toString('latin1'),
      major: reply.readUInt32LE(4),
      error: reply.readUInt32LE(16),
    };
  } finally {
    socket.destroy();
  }
}
