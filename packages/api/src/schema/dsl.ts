/**
 * A small typed schema language for the kubevirt.io/v1 API. One description of each type feeds
 * two generators: TypeScript interfaces (`typescript-generator.ts`) and the CRDs' structural
 * OpenAPI v3 schemas (`crd-generator.ts`).
 */

/** What every node may carry: the `kubectl explain` text and a deprecation note. */
interface NodeBase {
  readonly description?: string;
  /** Marks the field deprecated (TSDoc `@deprecated` and a note in the CRD description). */
  readonly deprecated?: string;
}

export interface StringNode extends NodeBase {
  readonly kind: 'string';
  readonly enum?: readonly string[];
  readonly format?: string;
  readonly default?: string;
  /** Accepts `null` on the wire (metav1.Time serialises the zero time as null). */
  readonly nullable?: boolean;
}

export interface IntegerNode extends NodeBase {
  readonly kind: 'integer';
  readonly format?: 'int32' | 'int64';
  readonly minimum?: number;
  readonly default?: number;
}

export interface NumberNode extends NodeBase {
  readonly kind: 'number';
  readonly minimum?: number;
}

export interface BooleanNode extends NodeBase {
  readonly kind: 'boolean';
  readonly default?: boolean;
}

export interface ObjectNode extends NodeBase {
  readonly kind: 'object';
  readonly properties: Readonly<Record<string, SchemaNode>>;
  readonly required?: readonly string[];
  /** Keeps fields the schema does not list (typed fields still validate). */
  readonly preserveUnknown?: boolean;
}

export interface ArrayNode extends NodeBase {
  readonly kind: 'array';
  readonly items: SchemaNode;
  readonly maxItems?: number;
  readonly listType?: 'atomic' | 'set' | 'map';
  readonly listMapKeys?: readonly string[];
}

/** A JSON object with arbitrary keys and values of one type (`map[string]T`). */
export interface MapNode extends NodeBase {
  readonly kind: 'map';
  readonly values: SchemaNode;
}

/** A resource quantity: `x-kubernetes-int-or-string` (`'2Gi'`, `'100m'`, `2`). */
export interface QuantityNode extends NodeBase {
  readonly kind: 'quantity';
}

/** An object whose content is not described: every field is kept. */
export interface PreserveUnknownNode extends NodeBase {
  readonly kind: 'preserveUnknown';
}

/** A use of a named type; the CRD inlines it, TypeScript names it. */
export interface RefNode extends NodeBase {
  readonly kind: 'ref';
  readonly target: Definition;
}

/**
 * Object metadata. TypeScript always types it as `ObjectMeta`; the CRD gives the top level
 * `type: object` (the API server owns it) and an embedded template its few kept fields.
 */
export interface MetadataNode extends NodeBase {
  readonly kind: 'metadata';
  readonly embedded: boolean;
}

/** Any node of the schema language. */
export type SchemaNode =
  | StringNode
  | IntegerNode
  | NumberNode
  | BooleanNode
  | ObjectNode
  | ArrayNode
  | MapNode
  | QuantityNode
  | PreserveUnknownNode
  | RefNode
  | MetadataNode;

/** A named type: an object (TypeScript interface) or a string enum (string-literal union). */
export interface Definition {
  readonly name: string;
  readonly node: ObjectNode | StringNode;
}

type Options<T extends SchemaNode> = Omit<T, 'kind'>;
type Described = Pick<NodeBase, 'description' | 'deprecated'>;

/** A string field, optionally restricted to `enum` values or carrying a `format`. */
export function string(options: Options<StringNode> = {}): StringNode {
  return { kind: 'string', ...options };
}

/** An RFC 3339 timestamp string that may also be `null` on the wire. */
export function timestamp(description?: string): StringNode {
  return string({ format: 'date-time', nullable: true, ...withDescription(description) });
}

/** An integer field (`format` int32 or int64). */
export function integer(options: Options<IntegerNode> = {}): IntegerNode {
  return { kind: 'integer', ...options };
}

/** A floating-point number field. */
export function number(options: Options<NumberNode> = {}): NumberNode {
  return { kind: 'number', ...options };
}

/** A boolean field. */
export function boolean(options: Options<BooleanNode> = {}): BooleanNode {
  return { kind: 'boolean', ...options };
}

/** An object with the given properties; `required` names properties that must be present. */
export function object(
  properties: Readonly<Record<string, SchemaNode>>,
  options: Omit<Options<ObjectNode>, 'properties'> = {},
): ObjectNode {
  return { kind: 'object', properties, ...options };
}

/** An empty object used as a switch (`masquerade: {}`, `bios: {}`). */
export function marker(description: string): ObjectNode {
  return object({}, { description });
}

/** A list of `items`. */
export function array(
  items: SchemaNode,
  options: Omit<Options<ArrayNode>, 'items'> = {},
): ArrayNode {
  return { kind: 'array', items, ...options };
}

/** A string-keyed map of `values`. */
export function map(values: SchemaNode, options: Described = {}): MapNode {
  return { kind: 'map', values, ...options };
}

/** A Kubernetes resource quantity (int or string). */
export function quantity(description?: string): QuantityNode {
  return { kind: 'quantity', ...withDescription(description) };
}

/** An object whose fields are kept without being described. */
export function preserveUnknown(description?: string): PreserveUnknownNode {
  return { kind: 'preserveUnknown', ...withDescription(description) };
}

/** A use of the named type `target`, with the field's own description. */
export function ref(target: Definition, options: Described = {}): RefNode {
  return { kind: 'ref', target, ...options };
}

/** Object metadata: top level (`embedded: false`) or inside a template (`embedded: true`). */
export function metadata(embedded: boolean, description?: string): MetadataNode {
  return { kind: 'metadata', embedded, ...withDescription(description) };
}

/** Names an object or enum node; the name is the Go type name. */
export function define(name: string, node: ObjectNode | StringNode): Definition {
  return { name, node };
}

/** Defines a named string enum (`type X = 'A' | 'B'`). */
export function defineEnum(
  name: string,
  values: readonly string[],
  description: string,
): Definition {
  return define(name, string({ enum: values, description }));
}

function withDescription(description: string | undefined): Described {
  return description === undefined ? {} : { description };
}
