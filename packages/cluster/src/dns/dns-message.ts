/** Resource record types this server reads and writes by number (RFC 1035, 2782, 3596, 6891). */
export const recordTypes = {
  A: 1,
  NS: 2,
  CNAME: 5,
  SOA: 6,
  PTR: 12,
  TXT: 16,
  AAAA: 28,
  SRV: 33,
  OPT: 41,
  ANY: 255,
} as const;

/** The Internet class. */
export const classIn = 1;

/** Response codes (RFC 1035 §4.1.1; BADVERS is the extended code of RFC 6891). */
export const rcodes = {
  noError: 0,
  formErr: 1,
  servFail: 2,
  nxDomain: 3,
  notImp: 4,
  refused: 5,
  badVers: 16,
} as const;

/** The header's fields (RFC 1035 §4.1.1; AD and CD from RFC 4035). `rcode` holds the low 4 bits. */
export interface DnsHeader {
  readonly id: number;
  readonly qr: boolean;
  readonly opcode: number;
  readonly aa: boolean;
  readonly tc: boolean;
  readonly rd: boolean;
  readonly ra: boolean;
  readonly ad: boolean;
  readonly cd: boolean;
  readonly rcode: number;
}

/** One question. Names are dotted, without the trailing dot (the root is `''`). */
export interface Question {
  readonly name: string;
  readonly type: number;
  readonly class: number;
}

/** The data of a record, by shape. NS, CNAME and PTR share `name`; anything else is `raw`. */
export type RecordData =
  | { readonly kind: 'a'; readonly address: string }
  | { readonly kind: 'aaaa'; readonly address: string }
  | { readonly kind: 'name'; readonly target: string }
  | {
      readonly kind: 'srv';
      readonly priority: number;
      readonly weight: number;
      readonly port: number;
      readonly target: string;
    }
  | {
      readonly kind: 'soa';
      readonly mname: string;
      readonly rname: string;
      readonly serial: number;
      readonly refresh: number;
      readonly retry: number;
      readonly expire: number;
      readonly minimum: number;
    }
  | { readonly kind: 'txt'; readonly texts: readonly string[] }
  | { readonly kind: 'raw'; readonly bytes: Uint8Array };

/**
 * A resource record. For OPT (RFC 6891) `class` is the sender's UDP payload size and `ttl` the
 * extended rcode, version and flags, as on the wire.
 */
export interface ResourceRecord {
  readonly name: string;
  readonly type: number;
  readonly class: number;
  readonly ttl: number;
  readonly data: RecordData;
}

/** A whole DNS message. */
export interface DnsMessage {
  readonly header: DnsHeader;
  readonly questions: readonly Question[];
  readonly answers: readonly ResourceRecord[];
  readonly authorities: readonly ResourceRecord[];
  readonly additionals: readonly ResourceRecord[];
}

/** Why a packet could not be read; answered with FORMERR. */
export class DnsFormatError extends Error {
  override readonly name = 'DnsFormatError';
}
