import { constants, createDeflate, createInflate, type Deflate, type Inflate } from 'node:zlib';
import { spdyDictionary } from './spdy-dictionary.ts';

/** A zlib context kept for a whole session: each call feeds one block and sync-flushes it. */
function persistentZlib(z: Deflate | Inflate): (input: Buffer) => Promise<Buffer> {
  const out: Buffer[] = [];
  let failure: Error | undefined;
  z.on('data', (chunk: Buffer) => out.push(chunk));
  z.on('error', (error) => {
    failure = error;
  });
  return (input) =>
    new Promise((resolve, reject) => {
      if (failure !== undefined) {
        reject(failure);
        return;
      }
      z.write(input);
      z.flush(constants.Z_SYNC_FLUSH, () => {
        if (failure !== undefined) reject(failure);
        else resolve(Buffer.concat(out.splice(0)));
      });
    });
}

/** The SPDY/3 name/value header block codec of one direction of a session. */
export interface HeaderCodec {
  /** Encodes and compresses headers (names lower-cased). */
  encode(headers: ReadonlyMap<string, string>): Promise<Buffer>;
  /** Decompresses and decodes a header block; rejects on corrupt input. */
  decode(block: Buffer): Promise<Map<string, string>>;
  close(): void;
}

function serialize(headers: ReadonlyMap<string, string>): Buffer {
  const parts: Buffer[] = [];
  const count = Buffer.alloc(4);
  count.writeUInt32BE(headers.size);
  parts.push(count);
  for (const [name, value] of headers) {
    for (const text of [name.toLowerCase(), value]) {
      const bytes = Buffer.from(text, 'utf8');
      const length = Buffer.alloc(4);
      length.writeUInt32BE(bytes.length);
      parts.push(length, bytes);
    }
  }
  return Buffer.concat(parts);
}

/** Reads a decompressed name/value block: a 32-bit count, then length-prefixed names and values. */
export function parseHeaderBlock(data: Buffer): Map<string, string> {
  const headers = new Map<string, string>();
  const count = data.length >= 4 ? data.readUInt32BE(0) : 0;
  let at = 4;
  const next = (): string => {
    if (at + 4 > data.length) throw new Error('truncated SPDY header block');
    const length = data.readUInt32BE(at);
    if (at + 4 + length > data.length) throw new Error('truncated SPDY header block');
    const text = data.subarray(at + 4, at + 4 + length).toString('utf8');
    at += 4 + length;
    return text;
  };
  for (let i = 0; i < count; i += 1) {
    const name = next();
    headers.set(name.toLowerCase(), next());
  }
  return headers;
}

/** Creates the header codec of a session (one deflate and one inflate context, both dictionary-primed). */
export function createHeaderCodec(): HeaderCodec {
  const deflate = createDeflate({ dictionary: spdyDictionary });
  const inflate = createInflate({ dictionary: spdyDictionary });
  const compress = persistentZlib(deflate);
  const decompress = persistentZlib(inflate);
  return {
    encode: (headers) => compress(serialize(headers)),
    decode: async (block) => parseHeaderBlock(await decompress(block)),
    close: () => {
      deflate.destroy();
      inflate.destroy();
    },
  };
}
