import type { DnsSource } from './dns-index.ts';
import { decodeMessage } from './decode-message.ts';
import {
  classIn,
  rcodes,
  recordTypes,
  type DnsMessage,
  type Question,
  type ResourceRecord,
} from './dns-message.ts';
import { encodeMessage } from './encode-message.ts';
import { resolveQuestion, type Answer, type ResolverConfig } from './resolve-question.ts';

/** The classic limit of a UDP answer without EDNS (RFC 1035 §4.2.1). */
export const classicUdpPayload = 512;
const maxTcpMessage = 0xffff;

/** What {@link answerQuery} needs besides the packet. */
export interface QueryContext {
  readonly source: DnsSource;
  readonly config: ResolverConfig;
  readonly transport: 'udp' | 'tcp';
  /** Whether questions outside the cluster's zones go to upstream resolvers (else REFUSED). */
  readonly forwarding: boolean;
  /** The largest UDP answer this server sends and advertises in its OPT record (≥ 512). */
  readonly maxUdpPayload: number;
}

/**
 * What to do with a packet: send `bytes` back; forward the query upstream (and send `failure`,
 * a SERVFAIL, when no upstream answers); or drop it (too short to answer, or not a query).
 */
export type QueryOutcome =
  | {
      readonly kind: 'reply';
      readonly bytes: Uint8Array;
      readonly rcode: number;
      /** Why a FORMERR was sent, for the log. */
      readonly problem?: string;
    }
  | { readonly kind: 'forward'; readonly query: DnsMessage; readonly failure: Uint8Array }
  | { readonly kind: 'drop'; readonly reason: string };

interface Reply {
  readonly rcode: number;
  readonly aa?: boolean;
  readonly answers?: readonly ResourceRecord[];
  readonly authorities?: readonly ResourceRecord[];
  readonly additionals?: readonly ResourceRecord[];
}

interface Exchange {
  readonly query: DnsMessage;
  readonly context: QueryContext;
  readonly opt: ResourceRecord | undefined;
}

function optRecord(context: QueryContext, rcode: number): ResourceRecord {
  // RFC 6891 §6.1.3: the upper 8 bits of the 12-bit rcode, version 0, no flags.
  return {
    name: '',
    type: recordTypes.OPT,
    class: context.maxUdpPayload,
    ttl: (rcode >> 4) << 24,
    data: { kind: 'raw', bytes: new Uint8Array(0) },
  };
}

function responseLimit(exchange: Exchange): number {
  if (exchange.context.transport === 'tcp') return maxTcpMessage;
  if (exchange.opt === undefined) return classicUdpPayload;
  return Math.min(Math.max(exchange.opt.class, classicUdpPayload), exchange.context.maxUdpPayload);
}

/**
 * The response bytes. When they exceed the transport's limit, the Additional section goes
 * first; if still too long, the answer is truncated (TC, no records but OPT) so that the client
 * retries over TCP (RFC 2181 §9).
 */
function respond(exchange: Exchange, reply: Reply): Uint8Array {
  const { query, context } = exchange;
  const opt = exchange.opt === undefined ? [] : [optRecord(context, reply.rcode)];
  const message: DnsMessage = {
    header: {
      id: query.header.id,
      qr: true,
      opcode: query.header.opcode,
      aa: reply.aa ?? false,
      tc: false,
      rd: query.header.rd,
      ra: context.forwarding,
      ad: false,
      cd: query.header.cd,
      rcode: reply.rcode & 0xf,
    },
    questions: query.questions,
    answers: reply.answers ?? [],
    authorities: reply.authorities ?? [],
    additionals: [...(reply.additionals ?? []), ...opt],
  };
  const limit = responseLimit(exchange);
  const full = encodeMessage(message);
  if (full.length <= limit) return full;
  const lean = encodeMessage({ ...message, additionals: opt });
  if (lean.length <= limit) return lean;
  return encodeMessage({
    ...message,
    header: { ...message.header, tc: true },
    answers: [],
    authorities: [],
    additionals: opt,
  });
}

function formErrBytes(packet: Uint8Array): Uint8Array {
  const id = ((packet[0] ?? 0) << 8) | (packet[1] ?? 0);
  const flags = packet[2] ?? 0;
  return encodeMessage({
    header: {
      id,
      qr: true,
      opcode: (flags >> 3) & 0xf,
      aa: false,
      tc: false,
      rd: (flags & 1) !== 0,
      ra: false,
      ad: false,
      cd: false,
      rcode: rcodes.formErr,
    },
    questions: [],
    answers: [],
    authorities: [],
    additionals: [],
  });
}

function answerReply(answer: Answer): Reply {
  return { ...answer, aa: true };
}

/** Checks what RFC 1035 and 6891 require of a query before it is resolved. */
function precheck(exchange: Exchange, opts: readonly ResourceRecord[]): Reply | undefined {
  const { query } = exchange;
  if (query.header.opcode !== 0) return { rcode: rcodes.notImp };
  if (query.questions.length !== 1) return { rcode: rcodes.formErr };
  if (opts.length > 1 || opts.some((o) => o.name !== '')) return { rcode: rcodes.formErr };
  if (exchange.opt !== undefined && ((exchange.opt.ttl >>> 16) & 0xff) > 0)
    return { rcode: rcodes.badVers };
  if (query.questions[0]?.class !== classIn) return { rcode: rcodes.refused };
  return undefined;
}

function resolve(exchange: Exchange, question: Question): QueryOutcome {
  const { context } = exchange;
  const resolution = resolveQuestion(context.source, question, context.config);
  const failure = (): Uint8Array => respond(exchange, { rcode: rcodes.servFail });
  if (resolution.kind !== 'answer' && context.forwarding)
    return { kind: 'forward', query: exchange.query, failure: failure() };
  const reply =
    resolution.kind === 'outside'
      ? { rcode: rcodes.refused }
      : answerReply(resolution.kind === 'answer' ? resolution : resolution.nxdomain);
  try {
    return { kind: 'reply', bytes: respond(exchange, reply), rcode: reply.rcode };
  } catch (error) {
    // Data the wire cannot carry (an ExternalName with a 70-byte label…): the server's failure.
    return { kind: 'reply', bytes: failure(), rcode: rcodes.servFail, problem: String(error) };
  }
}

/**
 * Answers one DNS packet received over `context.transport`: a FORMERR for anything that does
 * not parse (or has no single question, or several OPT records), NOTIMP for opcodes other than
 * QUERY, BADVERS for EDNS versions above 0, REFUSED for classes other than IN and — unless
 * forwarding — for names outside the cluster's zones; otherwise the resolver's answer, sized
 * for the transport (UDP: 512 bytes, or the EDNS size up to `maxUdpPayload`; TCP: 65535).
 * Responses (QR set) and packets too short to carry an ID are dropped. Never throws.
 */
export function answerQuery(packet: Uint8Array, context: QueryContext): QueryOutcome {
  if (packet.length < 2) return { kind: 'drop', reason: 'too short to carry a message ID' };
  if (((packet[2] ?? 0) & 0x80) !== 0) return { kind: 'drop', reason: 'a response, not a query' };
  let query: DnsMessage;
  try {
    query = decodeMessage(packet);
  } catch (error) {
    const problem = error instanceof Error ? error.message : String(error);
    return { kind: 'reply', bytes: formErrBytes(packet), rcode: rcodes.formErr, problem };
  }
  const opts = query.additionals.filter((r) => r.type === recordTypes.OPT);
  const exchange: Exchange = { query, context, opt: opts[0] };
  const refusal = precheck(exchange, opts);
  const question = query.questions[0];
  if (refusal !== undefined || question === undefined) {
    const reply = refusal ?? { rcode: rcodes.formErr };
    return { kind: 'reply', bytes: respond(exchange, reply), rcode: reply.rcode };
  }
  return resolve(exchange, question);
}
