/** Just enough protobuf to write the `k8s\0` envelope kubectl's `create` generators send. */

function varint(value: number): number[] {
  const out: number[] = [];
  let v = value;
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}

function bytesField(field: number, payload: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from([...varint((field << 3) | 2), ...varint(payload.length)]),
    payload,
  ]);
}

function stringField(field: number, text: string): Buffer {
  return bytesField(field, Buffer.from(text, 'utf8'));
}

function mapField(field: number, entries: Readonly<Record<string, string>>): Buffer[] {
  return Object.entries(entries).map(([key, value]) =>
    bytesField(field, Buffer.concat([stringField(1, key), stringField(2, value)])),
  );
}

/** The parts of an object the encoder writes. */
export interface ProtobufObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  /** ConfigMap `data` (field 2 of ConfigMap; other kinds get it too, as an unknown field). */
  readonly data: Readonly<Record<string, string>>;
}

/**
 * Encodes `k8s\0` + runtime.Unknown{typeMeta{apiVersion, kind}, raw: <kind>{metadata: ObjectMeta{name,
 * namespace, labels}, data}, contentType ""}.
 */
export function encodeKubernetesProtobuf(object: ProtobufObject): Buffer {
  const metadata = Buffer.concat([
    stringField(1, object.name),
    ...(object.namespace === '' ? [] : [stringField(3, object.namespace)]),
    ...mapField(11, object.labels),
  ]);
  const raw = Buffer.concat([bytesField(1, metadata), ...mapField(2, object.data)]);
  const typeMeta = Buffer.concat([stringField(1, object.apiVersion), stringField(2, object.kind)]);
  const unknown = Buffer.concat([bytesField(1, typeMeta), bytesField(2, raw), stringField(4, '')]);
  return Buffer.concat([Buffer.from('k8s\0', 'latin1'), unknown]);
}
