import type { Socket } from 'node:net';

/**
 * The streams of one migration through the target's listener: libvirt's control connection
 * (source libvirtd → target libvirtd), QEMU's memory stream, the NBD stream of disks copied
 * along (`--copy-storage-inc`), and `info` (the target's paths, for the migrated domain XML).
 */
export const migrationChannels = ['control', 'memory', 'disks', 'info'] as const;
export type MigrationChannel = (typeof migrationChannels)[number];

/** The one-byte tag of each channel in the header. */
const tags: Readonly<Record<MigrationChannel, string>> = {
  control: 'c',
  memory: 'm',
  disks: 'd',
  info: 'i',
};

/** The first word of every header: names the protocol and its version. */
export const migrationMagic = 'PODVISOR-MIGRATION/1';
/** A header (or reply) line longer than this is refused. */
export const maxHeaderBytes = 256;

/** A migration uid, as Kubernetes makes them (and nothing that could break the line). */
const tokenPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** What a connection announces before its bytes are spliced through. */
export interface MigrationHeader {
  readonly channel: MigrationChannel;
  /** The migration's uid: the target accepts only its own migration's. */
  readonly token: string;
}

/** A header that cannot be sent or was not understood. */
export class MigrationHeaderError extends Error {
  override readonly name = 'MigrationHeaderError';
}

/** Whether `token` can be a migration token. */
export function isMigrationToken(token: string): boolean {
  return tokenPattern.test(token);
}

/** The header line `PODVISOR-MIGRATION/1 <tag> <token>\n`. */
export function encodeMigrationHeader(header: MigrationHeader): string {
  if (!isMigrationToken(header.token)) {
    throw new MigrationHeaderError(`'${header.token}' is not a valid migration uid`);
  }
  return `${migrationMagic} ${tags[header.channel]} ${header.token}\n`;
}

/** Parses a header line (without its newline); a MigrationHeaderError says what is wrong. */
export function parseMigrationHeader(line: string): MigrationHeader {
  const [magic, tag, token, ...extra] = line.split(' ');
  if (magic !== migrationMagic) {
    throw new MigrationHeaderError(`not a ${migrationMagic} header`);
  }
  const channel = migrationChannels.find((name) => tags[name] === tag);
  if (channel === undefined) throw new MigrationHeaderError(`unknown channel '${tag ?? ''}'`);
  if (token === undefined || extra.length > 0 || !isMigrationToken(token)) {
    throw new MigrationHeaderError('malformed migration uid');
  }
  return { channel, token };
}

/** The first line of a stream and the bytes that came after it. */
export interface FirstLine {
  readonly line: string;
  readonly rest: Buffer;
}

/**
 * Reads `socket` up to its first `\n` (at most `maxHeaderBytes`), within `timeoutMs`. The
 * socket is paused afterwards, with nothing consumed beyond the line (`rest` holds the bytes
 * read past it), so that it can be piped on.
 */
export function readFirstLine(socket: Socket, timeoutMs: number): Promise<FirstLine> {
  return new Promise((resolve, reject) => {
    let buffered = Buffer.alloc(0);
    const done = (error: Error | undefined, result?: FirstLine): void => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('end', onEnd);
      socket.off('error', onError);
      socket.pause();
      if (result === undefined) reject(error ?? new MigrationHeaderError('no header'));
      else resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      buffered = Buffer.concat([buffered, chunk]);
      const newline = buffered.indexOf(0x0a);
      if (newline >= 0 && newline <= maxHeaderBytes) {
        const line = buffered.subarray(0, newline).toString('utf8');
        done(undefined, { line, rest: buffered.subarray(newline + 1) });
      } else if (newline > maxHeaderBytes || buffered.length > maxHeaderBytes) {
        done(new MigrationHeaderError(`the header is longer than ${String(maxHeaderBytes)} bytes`));
      }
    };
    const onEnd = (): void => {
      done(new MigrationHeaderError('the connection ended before its header'));
    };
    const onError = (error: Error): void => {
      done(error);
    };
    const timer = setTimeout(() => {
      done(new MigrationHeaderError(`no header within ${String(timeoutMs)} ms`));
    }, timeoutMs);
    socket.on('data', onData);
    socket.once('end', onEnd);
    socket.once('error', onError);
  });
}

/**
 * Pipes two sockets into each other, `rest` first: an end is passed on (after the data before
 * it); an error or a close destroys both.
 */
export function splice(from: Socket, to: Socket, rest: Buffer = Buffer.alloc(0)): void {
  if (rest.length > 0) to.write(rest);
  from.pipe(to);
  to.pipe(from);
  const destroyBoth = (): void => {
    from.destroy();
    to.destroy();
  };
  from.once('error', destroyBoth);
  to.once('error', destroyBoth);
  // The other side's pending writes are flushed first: `end`, then destroyed once it closes.
  from.once('close', () => to.end());
  to.once('close', () => from.end());
  from.resume();
  to.resume();
}
