import {
  DnsFormatError,
  recordTypes,
  type DnsHeader,
  type DnsMessage,
  type Question,
  type RecordData,
  type ResourceRecord,
} from './dns-message.ts';
import { joinLabels } from './dns-name.ts';
import { ipv4Text, ipv6Text } from './ip-bytes.ts';

/** The longest name on the wire, length octets included (RFC 1035 §3.1). */
const maxNameWireLength = 255;
const headerLength = 12;

interface Cursor {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  offset: number;
}

function need(cursor: Cursor, count: number, what: string): void {
  if (cursor.offset + count > cursor.bytes.length)
    throw new DnsFormatError(`${what} runs past the end of the message`);
}

function u16(cursor: Cursor, what: string): number {
  need(cursor, 2, what);
  const value = cursor.view.getUint16(cursor.offset);
  cursor.offset += 2;
  return value;
}

function u32(cursor: Cursor, what: string): number {
  need(cursor, 4, what);
  const value = cursor.view.getUint32(cursor.offset);
  cursor.offset += 4;
  return value;
}

/** The target of the compression pointer at `pos`, checked to point back before `segmentStart`. */
function pointerTarget(bytes: Uint8Array, pos: number, segmentStart: number, what: string): number {
  const low = bytes[pos + 1];
  if (low === undefined) throw new DnsFormatError(`${what} runs past the end of the message`);
  const target = (((bytes[pos] ?? 0) & 0x3f) << 8) | low;
  if (target >= segmentStart || target < headerLength)
    throw new DnsFormatError(
      `${what} has a compression pointer that does not point back to an earlier name`,
    );
  return target;
}

/**
 * Reads a possibly compressed name at the cursor. Every compression pointer must point before
 * the stretch of labels it ends, so a chain of pointers always moves backwards and ends.
 */
function readName(cursor: Cursor, what: string): string {
  const { bytes } = cursor;
  const labels: string[] = [];
  let pos = cursor.offset;
  let segmentStart = pos;
  let end: number | undefined;
  let wireLength = 1;
  for (let length = bytes[pos]; length !== 0; length = bytes[pos]) {
    if (length === undefined) throw new DnsFormatError(`${what} runs past the end of the message`);
    if ((length & 0xc0) === 0xc0) {
      end ??= pos + 2;
      pos = segmentStart = pointerTarget(bytes, pos, segmentStart, what);
      continue;
    }
    if ((length & 0xc0) !== 0) throw new DnsFormatError(`${what} uses a reserved label type`);
    wireLength += length + 1;
    if (wireLength > maxNameWireLength)
      throw new DnsFormatError(`${what} is longer than ${maxNameWireLength} bytes`);
    if (pos + 1 + length > bytes.length)
      throw new DnsFormatError(`${what} runs past the end of the message`);
    labels.push(Buffer.from(bytes.subarray(pos + 1, pos + 1 + length)).toString('latin1'));
    pos += 1 + length;
  }
  cursor.offset = end ?? pos + 1;
  return joinLabels(labels);
}

function readHeader(cursor: Cursor): DnsHeader & { counts: number[] } {
  if (cursor.bytes.length < headerLength)
    throw new DnsFormatError(`the header needs ${headerLength} bytes, got ${cursor.bytes.length}`);
  const id = u16(cursor, 'header');
  const flags = u16(cursor, 'header');
  const counts = [0, 1, 2, 3].map(() => u16(cursor, 'header'));
  return {
    id,
    qr: (flags & 0x8000) !== 0,
    opcode: (flags >> 11) & 0xf,
    aa: (flags & 0x0400) !== 0,
    tc: (flags & 0x0200) !== 0,
    rd: (flags & 0x0100) !== 0,
    ra: (flags & 0x0080) !== 0,
    ad: (flags & 0x0020) !== 0,
    cd: (flags & 0x0010) !== 0,
    rcode: flags & 0xf,
    counts,
  };
}

function readQuestion(cursor: Cursor, what: string): Question {
  const name = readName(cursor, `${what} name`);
  const type = u16(cursor, `${what} type`);
  return { name, type, class: u16(cursor, `${what} class`) };
}

function readTexts(cursor: Cursor, end: number, what: string): string[] {
  const texts: string[] = [];
  while (cursor.offset < end) {
    const length = cursor.bytes[cursor.offset] ?? 0;
    if (cursor.offset + 1 + length > end)
      throw new DnsFormatError(`${what} has a string running past its data`);
    texts.push(
      Buffer.from(cursor.bytes.subarray(cursor.offset + 1, cursor.offset + 1 + length)).toString(
        'latin1',
      ),
    );
    cursor.offset += 1 + length;
  }
  return texts;
}

function readSrv(cursor: Cursor, what: string): RecordData {
  const priority = u16(cursor, what);
  const weight = u16(cursor, what);
  const port = u16(cursor, what);
  return { kind: 'srv', priority, weight, port, target: readName(cursor, `${what} target`) };
}

function readSoa(cursor: Cursor, what: string): RecordData {
  const mname = readName(cursor, `${what} mname`);
  const rname = readName(cursor, `${what} rname`);
  const [serial = 0, refresh = 0, retry = 0, expire = 0, minimum = 0] = [0, 1, 2, 3, 4].map(() =>
    u32(cursor, what),
  );
  return { kind: 'soa', mname, rname, serial, refresh, retry, expire, minimum };
}

function readAddress(cursor: Cursor, type: number, end: number, what: string): RecordData {
  const bytes = cursor.bytes.subarray(cursor.offset, end);
  const wanted = type === recordTypes.A ? 4 : 16;
  if (bytes.length !== wanted)
    throw new DnsFormatError(`${what} has ${bytes.length} bytes of address data, not ${wanted}`);
  cursor.offset = end;
  return type === recordTypes.A
    ? { kind: 'a', address: ipv4Text(bytes) }
    : { kind: 'aaaa', address: ipv6Text(bytes) };
}

function readData(cursor: Cursor, type: number, end: number, what: string): RecordData {
  switch (type) {
    case recordTypes.A:
    case recordTypes.AAAA:
      return readAddress(cursor, type, end, what);
    case recordTypes.NS:
    case recordTypes.CNAME:
    case recordTypes.PTR:
      return { kind: 'name', target: readName(cursor, `${what} target`) };
    case recordTypes.SRV:
      return readSrv(cursor, what);
    case recordTypes.SOA:
      return readSoa(cursor, what);
    case recordTypes.TXT:
      return { kind: 'txt', texts: readTexts(cursor, end, what) };
    default: {
      const bytes = Uint8Array.from(cursor.bytes.subarray(cursor.offset, end));
      cursor.offset = end;
      return { kind: 'raw', bytes };
    }
  }
}

function readRecord(cursor: Cursor, what: string): ResourceRecord {
  const name = readName(cursor, `${what} name`);
  const type = u16(cursor, `${what} type`);
  const klass = u16(cursor, `${what} class`);
  const ttl = u32(cursor, `${what} ttl`);
  const length = u16(cursor, `${what} data length`);
  need(cursor, length, `${what} data`);
  const end = cursor.offset + length;
  const data = readData(cursor, type, end, `${what} data`);
  if (cursor.offset !== end)
    throw new DnsFormatError(`${what} data is ${length} bytes, its content another length`);
  return { name, type, class: klass, ttl, data };
}

const sectionNames = ['answer', 'authority', 'additional'] as const;

/**
 * Reads a DNS message (RFC 1035 §4), following compression pointers. Throws a
 * {@link DnsFormatError} naming the part that is wrong: a short header, a section running past
 * the end, a name longer than 255 bytes or with a looping or reserved label, record data whose
 * length does not match, or bytes after the last record.
 */
export function decodeMessage(bytes: Uint8Array): DnsMessage {
  const cursor: Cursor = {
    bytes,
    view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    offset: 0,
  };
  const { counts, ...header } = readHeader(cursor);
  const [qd = 0, ...recordCounts] = counts;
  const questions: Question[] = [];
  for (let i = 0; i < qd; i++) questions.push(readQuestion(cursor, `question ${i + 1}`));
  const sections = sectionNames.map((section, s) => {
    const records: ResourceRecord[] = [];
    for (let i = 0; i < (recordCounts[s] ?? 0); i++)
      records.push(readRecord(cursor, `${section} ${i + 1}`));
    return records;
  });
  if (cursor.offset !== bytes.length)
    throw new DnsFormatError(`${bytes.length - cursor.offset} bytes follow the last record`);
  const [answers = [], authorities = [], additionals = []] = sections;
  return { header, questions, answers, authorities, additionals };
}
