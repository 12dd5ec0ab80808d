import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { once } from 'node:events';
import { createServer, isIP, isIPv6, type Server, type Socket } from 'node:net';
import type { Logger } from '@podvisor/kube';
import { answerQuery, classicUdpPayload, type QueryContext } from './answer-query.ts';
import type { DnsSource } from './dns-index.ts';
import { parseZone } from './dns-name.ts';
import { forwardQuery, parseUpstream, type Upstream } from './forward-query.ts';
import type { PodsMode, ResolverConfig } from './resolve-question.ts';

/** The cluster domain unless told otherwise. */
export const defaultZone = 'cluster.local';
/** The TTL of CoreDNS's kubernetes plugin when its Corefile sets none. */
export const defaultTtl = 5;
/** The EDNS payload size this server sends and advertises (DNS flag day 2020). */
export const defaultMaxUdpPayload = 1232;
const tcpIdleMs = 10_000;
const bindAttempts = 5;

/** Options of {@link startDnsServer}. */
export interface DnsServerOptions {
  /** The IP address to bind, UDP and TCP. */
  readonly host: string;
  /** The port, the same for UDP and TCP; 0 picks a free one. */
  readonly port: number;
  /** The cluster domain (default `cluster.local`). */
  readonly zone?: string;
  /** Where the records come from (a {@link DnsIndex} fed by `feedDnsIndex`, or any source). */
  readonly index: DnsSource;
  readonly logger: Logger;
  /** Seconds, 0–3600 (default 5). */
  readonly ttl?: number;
  /** How pod names are answered (default `insecure`, as CoreDNS's default Corefile). */
  readonly pods?: PodsMode;
  /**
   * Resolvers (`ip`, `ip:port`, `[ipv6]:port`) for names outside the cluster's zones. Empty by
   * default: such names are REFUSED and nothing leaves the server.
   */
  readonly upstreams?: readonly string[];
  /** The largest UDP answer, 512–65535 (default 1232). */
  readonly maxUdpPayload?: number;
  /** How long each upstream gets to answer a forwarded query (default 2000 ms). */
  readonly forwardTimeoutMs?: number;
}

/** A running DNS server. */
export interface RunningDnsServer {
  /** Where it listens, UDP and TCP. */
  readonly address: { readonly host: string; readonly port: number };
  /** Stops both listeners and ends open TCP connections. */
  close(): Promise<void>;
}

interface Settings {
  readonly config: ResolverConfig;
  readonly upstreams: readonly Upstream[];
  readonly maxUdpPayload: number;
  readonly forwardTimeoutMs: number;
}

const podsModes: readonly string[] = ['insecure', 'verified', 'disabled'];

function integerIn(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}

function settingsOf(options: DnsServerOptions): Settings {
  const problems: string[] = [];
  const attempt = <T>(parse: () => T, fallback: T): T => {
    try {
      return parse();
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
      return fallback;
    }
  };
  const integer = (field: string, value: number, min: number, max: number): number => {
    if (!integerIn(value, min, max))
      problems.push(`${field}: ${value} is not an integer ${min}–${max}`);
    return value;
  };
  if (isIP(options.host) === 0) problems.push(`host: '${options.host}' is not an IP address`);
  integer('port', options.port, 0, 65535);
  const ttl = integer('ttl', options.ttl ?? defaultTtl, 0, 3600);
  const maxUdp = options.maxUdpPayload ?? defaultMaxUdpPayload;
  const maxUdpPayload = integer('maxUdpPayload', maxUdp, classicUdpPayload, 65535);
  const forwardTimeoutMs = integer('forwardTimeoutMs', options.forwardTimeoutMs ?? 2000, 1, 60_000);
  const pods = options.pods ?? 'insecure';
  if (!podsModes.includes(pods))
    problems.push(`pods: '${pods}' is not insecure, verified or disabled`);
  const zone = attempt(() => parseZone(options.zone ?? defaultZone, 'zone'), defaultZone);
  const upstreams = (options.upstreams ?? []).flatMap((text, i) =>
    attempt(() => [parseUpstream(text, `upstreams[${i}]`)], []),
  );
  if (problems.length > 0) throw new Error(`invalid DNS server options: ${problems.join('; ')}`);
  return {
    config: { zone, ttl, pods },
    upstreams,
    maxUdpPayload,
    forwardTimeoutMs,
  };
}

async function bindPair(
  host: string,
  port: number,
): Promise<{ udp: UdpSocket; tcp: Server; port: number }> {
  for (let attempt = 1; ; attempt++) {
    const tcp = createServer();
    const udp = createSocket({ type: isIPv6(host) ? 'udp6' : 'udp4' });
    try {
      tcp.listen({ host, port, exclusive: true });
      await once(tcp, 'listening');
      const address = tcp.address();
      const bound = typeof address === 'object' && address !== null ? address.port : port;
      udp.bind({ address: host, port: bound, exclusive: true });
      await once(udp, 'listening');
      return { udp, tcp, port: bound };
    } catch (error) {
      tcp.close();
      udp.close();
      // With port 0 the TCP port may be taken for UDP: try another.
      if (port !== 0 || attempt >= bindAttempts) throw error;
    }
  }
}

function frame(bytes: Uint8Array): Buffer {
  const prefix = Buffer.alloc(2);
  prefix.writeUInt16BE(bytes.length);
  return Buffer.concat([prefix, bytes]);
}

/** Answers one packet: from the index, from an upstream, or not at all (a dropped packet). */
async function handlePacket(
  packet: Uint8Array,
  transport: 'udp' | 'tcp',
  server: { readonly options: DnsServerOptions; readonly settings: Settings },
): Promise<Uint8Array | undefined> {
  const { options, settings } = server;
  const { logger } = options;
  const context: QueryContext = {
    source: options.index,
    config: settings.config,
    transport,
    forwarding: settings.upstreams.length > 0,
    maxUdpPayload: settings.maxUdpPayload,
  };
  const outcome = answerQuery(packet, context);
  if (outcome.kind === 'drop') {
    logger.debug({ transport, reason: outcome.reason }, 'dns: dropped a packet');
    return undefined;
  }
  if (outcome.kind === 'reply') {
    if (outcome.problem !== undefined)
      logger.debug(
        { transport, rcode: outcome.rcode, problem: outcome.problem },
        'dns: could not answer',
      );
    return outcome.bytes;
  }
  const answer = await forwardQuery(packet, {
    upstreams: settings.upstreams,
    transport,
    timeoutMs: settings.forwardTimeoutMs,
  });
  if (answer === undefined)
    logger.warn({ transport }, 'dns: no upstream answered a forwarded query');
  return answer ?? outcome.failure;
}

/**
 * Starts the cluster DNS server on `host:port`, UDP and TCP (RFC 7766 framing, several queries
 * per connection, 10 s idle timeout), answering from `index` with {@link answerQuery} and
 * forwarding names outside the zones only to the `upstreams` given. Rejects with every invalid
 * option named, or when the address cannot be bound.
 */
export async function startDnsServer(options: DnsServerOptions): Promise<RunningDnsServer> {
  const settings = settingsOf(options);
  const { logger } = options;
  const { udp, tcp, port } = await bindPair(options.host, options.port);
  const connections = new Set<Socket>();
  let closed = false;

  const safely = (
    packet: Uint8Array,
    transport: 'udp' | 'tcp',
    send: (bytes: Uint8Array) => void,
  ): void => {
    handlePacket(packet, transport, { options, settings })
      .then((bytes) => {
        if (bytes !== undefined && !closed) send(bytes);
      })
      .catch((error: unknown) => {
        logger.error({ err: error, transport }, 'dns: failed to answer a query');
      });
  };

  udp.on('message', (message, remote) => {
    safely(new Uint8Array(message), 'udp', (bytes) => {
      udp.send(bytes, remote.port, remote.address, (error) => {
        if (error !== null) logger.debug({ err: error }, 'dns: could not send a UDP answer');
      });
    });
  });
  udp.on('error', (error) => {
    logger.warn({ err: error }, 'dns: UDP socket error');
  });

  tcp.on('connection', (socket) => {
    connections.add(socket);
    socket.setTimeout(tcpIdleMs, () => {
      socket.destroy();
    });
    socket.on('close', () => connections.delete(socket));
    socket.on('error', (error) => {
      logger.debug({ err: error }, 'dns: TCP connection error');
    });
    let pending = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 2 && pending.length >= 2 + pending.readUInt16BE(0)) {
        const end = 2 + pending.readUInt16BE(0);
        const packet = new Uint8Array(pending.subarray(2, end));
        pending = pending.subarray(end);
        safely(packet, 'tcp', (bytes) => {
          if (!socket.destroyed) socket.write(frame(bytes));
        });
      }
    });
  });
  tcp.on('error', (error) => {
    logger.warn({ err: error }, 'dns: TCP listener error');
  });

  logger.info({ host: options.host, port, zone: settings.config.zone }, 'dns: serving');
  return {
    address: { host: options.host, port },
    close: async () => {
      if (closed) return;
      closed = true;
      udp.close();
      const stopped = new Promise<void>((resolve) => {
        tcp.close(() => {
          resolve();
        });
      });
      for (const socket of connections) socket.destroy();
      await stopped;
    },
  };
}
