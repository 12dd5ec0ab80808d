import { type DnsMessage, type RecordData, type ResourceRecord } from './dns-message.ts';
import { maxLabelLength, splitName } from './dns-name.ts';
import { ipv4Bytes, ipv6Bytes } from './ip-bytes.ts';

/** Options of {@link encodeMessage}. */
export interface EncodeOptions {
  /** Compress owner names and the names inside NS, CNAME, PTR and SOA data (default true). */
  readonly compress?: boolean;
}

/** Compression pointers address the first 16 KiB of a message only. */
const maxPointerOffset = 0x3fff;
const maxNameWireLength = 255;

interface Writer {
  readonly bytes: number[];
  /** Where each name written so far (each suffix of it) starts; absent: no compression. */
  readonly names: Map<string, number> | undefined;
}

function u16(writer: Writer, value: number, what: string): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xffff)
    throw new Error(`${what}: ${value} is not a 16-bit unsigned integer`);
  writer.bytes.push(value >> 8, value & 0xff);
}

function u32(writer: Writer, value: number, what: string): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff)
    throw new Error(`${what}: ${value} is not a 32-bit unsigned integer`);
  writer.bytes.push(
    (value >>> 24) & 0xff,
    (value >>> 16) & 0xff,
    (value >>> 8) & 0xff,
    value & 0xff,
  );
}

function labelBytes(label: string, what: string): number[] {
  const bytes = [...Buffer.from(label, 'latin1')];
  if (bytes.length > maxLabelLength)
    throw new Error(`${what}: label '${label}' is longer than ${maxLabelLength} bytes`);
  return bytes;
}

function writeName(writer: Writer, name: string, compress: boolean, what: string): void {
  const labels = splitName(name);
  const wireLength = labels.reduce((n, l) => n + 1 + Buffer.byteLength(l, 'latin1'), 1);
  if (wireLength > maxNameWireLength)
    throw new Error(`${what}: name '${name}' is longer than ${maxNameWireLength} bytes`);
  for (let i = 0; i < labels.length; i++) {
    const suffix = labels.slice(i).join('\u0000');
    const earlier = compress ? writer.names?.get(suffix) : undefined;
    if (earlier !== undefined) {
      writer.bytes.push(0xc0 | (earlier >> 8), earlier & 0xff);
      return;
    }
    if (compress && writer.names !== undefined && writer.bytes.length <= maxPointerOffset)
      writer.names.set(suffix, writer.bytes.length);
    const bytes = labelBytes(labels[i] ?? '', what);
    writer.bytes.push(bytes.length, ...bytes);
  }
  writer.bytes.push(0);
}

function writeTexts(writer: Writer, texts: readonly string[], what: string): void {
  for (const text of texts) {
    const bytes = [...Buffer.from(text, 'latin1')];
    if (bytes.length > 255) throw new Error(`${what}: a TXT string is longer than 255 bytes`);
    writer.bytes.push(bytes.length, ...bytes);
  }
}

function writeData(writer: Writer, data: RecordData, what: string): void {
  switch (data.kind) {
    case 'a':
      writer.bytes.push(...ipv4Bytes(data.address));
      return;
    case 'aaaa':
      writer.bytes.push(...ipv6Bytes(data.address));
      return;
    case 'name':
      writeName(writer, data.target, true, `${what} target`);
      return;
    case 'srv':
      u16(writer, data.priority, `${what} priority`);
      u16(writer, data.weight, `${what} weight`);
      u16(writer, data.port, `${what} port`);
      // RFC 2782: the target of an SRV record is never compressed.
      writeName(writer, data.target, false, `${what} target`);
      return;
    case 'soa':
      writeName(writer, data.mname, true, `${what} mname`);
      writeName(writer, data.rname, true, `${what} rname`);
      for (const field of ['serial', 'refresh', 'retry', 'expire', 'minimum'] as const)
        u32(writer, data[field], `${what} ${field}`);
      return;
    case 'txt':
      writeTexts(writer, data.texts, what);
      return;
    case 'raw':
      writer.bytes.push(...data.bytes);
  }
}

function writeRecord(writer: Writer, record: ResourceRecord, what: string): void {
  writeName(writer, record.name, true, `${what} name`);
  u16(writer, record.type, `${what} type`);
  u16(writer, record.class, `${what} class`);
  u32(writer, record.ttl, `${what} ttl`);
  const lengthAt = writer.bytes.length;
  writer.bytes.push(0, 0);
  writeData(writer, record.data, `${what} data`);
  const length = writer.bytes.length - lengthAt - 2;
  if (length > 0xffff) throw new Error(`${what}: record data is longer than 65535 bytes`);
  writer.bytes[lengthAt] = length >> 8;
  writer.bytes[lengthAt + 1] = length & 0xff;
}

function flagsOf(message: DnsMessage): number {
  const h = message.header;
  if (!Number.isInteger(h.opcode) || h.opcode < 0 || h.opcode > 15)
    throw new Error(`header: opcode ${h.opcode} does not fit 4 bits`);
  if (!Number.isInteger(h.rcode) || h.rcode < 0 || h.rcode > 15)
    throw new Error(`header: rcode ${h.rcode} does not fit 4 bits (put the rest in OPT)`);
  const bit = (on: boolean, mask: number): number => (on ? mask : 0);
  return (
    bit(h.qr, 0x8000) |
    (h.opcode << 11) |
    bit(h.aa, 0x0400) |
    bit(h.tc, 0x0200) |
    bit(h.rd, 0x0100) |
    bit(h.ra, 0x0080) |
    bit(h.ad, 0x0020) |
    bit(h.cd, 0x0010) |
    h.rcode
  );
}

/**
 * Writes a DNS message in wire format (RFC 1035 §4), compressing names unless told not to (SRV
 * targets never are). Throws an error naming the record and field for a value the wire cannot
 * carry: a label over 63 bytes, a name over 255, a bad address, a number out of range.
 */
export function encodeMessage(message: DnsMessage, options: EncodeOptions = {}): Uint8Array {
  const writer: Writer = {
    bytes: [],
    names: options.compress === false ? undefined : new Map<string, number>(),
  };
  u16(writer, message.header.id, 'header id');
  u16(writer, flagsOf(message), 'header flags');
  const sections = [message.answers, message.authorities, message.additionals];
  for (const count of [message.questions.length, ...sections.map((s) => s.length)])
    u16(writer, count, 'header count');
  message.questions.forEach((q, i) => {
    writeName(writer, q.name, true, `question ${i + 1} name`);
    u16(writer, q.type, `question ${i + 1} type`);
    u16(writer, q.class, `question ${i + 1} class`);
  });
  const names = ['answer', 'authority', 'additional'];
  sections.forEach((records, s) => {
    records.forEach((r, i) => {
      writeRecord(writer, r, `${names[s] ?? ''} ${i + 1}`);
    });
  });
  return Uint8Array.from(writer.bytes);
}
