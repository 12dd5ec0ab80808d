/**
 * Hand-written descriptors of the Kubernetes protobuf messages we decode. A descriptor maps each
 * upstream field number (from the `generated.proto` files of k8s.io/api and k8s.io/apimachinery)
 * to its JSON name and says how Go's encoding/json would write the Go field, so that a decoded
 * object is the JSON the client would have sent.
 */

/**
 * The leaf types. `time` is metav1.Time, `quantity` resource.Quantity, `intOrString`
 * intstr.IntOrString: messages on the wire, single JSON values in the API.
 */
export type ScalarKind =
  'string' | 'bool' | 'int32' | 'int64' | 'bytes' | 'time' | 'quantity' | 'intOrString';

export type ValueKind = ScalarKind | MessageSchema;

/**
 * How the Go field is written to JSON:
 * - `omitempty`: a value (string, number, bool) or slice/map tagged omitempty; left out when zero
 *   or empty.
 * - `always`: no omitempty, or a non-pointer struct (omitempty does not apply to structs); written
 *   even when unset: the zero value, an empty object, `null` for a nil slice/map/Time.
 * - `pointer`: a pointer tagged omitempty; written exactly when present on the wire, even if zero.
 * - `nullable`: a pointer without omitempty; `null` when absent.
 * - `inline`: an embedded struct whose JSON fields are merged into the parent.
 */
export type Presence = 'omitempty' | 'always' | 'pointer' | 'nullable' | 'inline';

export interface FieldSchema {
  readonly json: string;
  readonly no: number;
  readonly kind: ValueKind;
  readonly shape: 'single' | 'list' | 'map';
  readonly presence: Presence;
}

export interface MessageSchema {
  readonly name: string;
  readonly fields: readonly FieldSchema[];
}

/** A field before it has its JSON name (which is the key it is given in `message`). */
export type FieldSpec = Omit<FieldSchema, 'json'>;

/**
 * Builds a descriptor. The keys of `fields` are the JSON names, in the Go struct's order (which is
 * the order kubectl writes them in).
 */
export function message(name: string, fields: Readonly<Record<string, FieldSpec>>): MessageSchema {
  return { name, fields: Object.entries(fields).map(([json, spec]) => ({ json, ...spec })) };
}

/** A value field tagged omitempty (and every non-pointer struct, where omitempty has no effect). */
export function opt(no: number, kind: ValueKind): FieldSpec {
  const isStruct = typeof kind === 'object' || ['time', 'quantity', 'intOrString'].includes(kind);
  return { no, kind, shape: 'single', presence: isStruct ? 'always' : 'omitempty' };
}

/** A value field without omitempty: written even when zero. */
export function req(no: number, kind: ValueKind): FieldSpec {
  return { no, kind, shape: 'single', presence: 'always' };
}

/** A pointer field tagged omitempty: written when set, even to a zero value. */
export function ptr(no: number, kind: ValueKind): FieldSpec {
  return { no, kind, shape: 'single', presence: 'pointer' };
}

/** A pointer field without omitempty: `null` when unset. */
export function nullable(no: number, kind: ValueKind): FieldSpec {
  return { no, kind, shape: 'single', presence: 'nullable' };
}

/** An embedded struct, its fields inlined into the parent object. */
export function inline(no: number, kind: MessageSchema): FieldSpec {
  return { no, kind, shape: 'single', presence: 'inline' };
}

/** A repeated field tagged omitempty. */
export function list(no: number, kind: ValueKind): FieldSpec {
  return { no, kind, shape: 'list', presence: 'omitempty' };
}

/** A repeated field without omitempty: `null` when empty (protobuf cannot tell nil from empty). */
export function listOrNull(no: number, kind: ValueKind): FieldSpec {
  return { no, kind, shape: 'list', presence: 'always' };
}

/** A `map<string, kind>` field tagged omitempty. */
export function map(no: number, kind: ValueKind): FieldSpec {
  return { no, kind, shape: 'map', presence: 'omitempty' };
}
