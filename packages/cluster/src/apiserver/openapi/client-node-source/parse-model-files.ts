/** One entry of a generated model's `attributeTypeMap` (`dist/gen/models/<Model>.js`). */
export interface ModelAttribute {
  /** The TypeScript property name (`_default` for `default`). */
  readonly name: string;
  /** The JSON field name. */
  readonly baseName: string;
  /** A TypeScript type: `string`, `Array<V1Container>`, `{ [key: string]: string; }`… */
  readonly type: string;
  /** An OpenAPI format (`int32`, `date-time`…) or empty. */
  readonly format: string;
}

/** What a model's declaration file (`<Model>.d.ts`) says about it and its properties. */
export interface ModelDeclaration {
  readonly description: string | undefined;
  /** By TypeScript property name. */
  readonly properties: ReadonlyMap<string, PropertyDeclaration>;
}

export interface PropertyDeclaration {
  readonly description: string | undefined;
  readonly optional: boolean;
}

const TYPE_MAP = /\.attributeTypeMap = (\[[\s\S]*?\]);/;

/** The attributes of a generated model, from its JS module's text; throws naming the model. */
export function parseAttributeTypeMap(model: string, js: string): ModelAttribute[] {
  const found = TYPE_MAP.exec(js)?.[1];
  if (found === undefined) throw new Error(`model ${model} has no attributeTypeMap`);
  const parsed: unknown = JSON.parse(found);
  if (!Array.isArray(parsed)) throw new Error(`model ${model}: attributeTypeMap is not a list`);
  return parsed.map((entry: unknown) => toAttribute(model, entry));
}

function toAttribute(model: string, entry: unknown): ModelAttribute {
  if (typeof entry === 'object' && entry !== null) {
    const { name, baseName, type, format } = entry as Record<string, unknown>;
    if (typeof name === 'string' && typeof baseName === 'string' && typeof type === 'string') {
      return { name, baseName, type, format: typeof format === 'string' ? format : '' };
    }
  }
  throw new Error(`model ${model}: malformed attributeTypeMap entry ${JSON.stringify(entry)}`);
}

const CLASS_START = /(?:\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*)?export declare class \w+/;
const PROPERTY = /(?:\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*)?'([^']+)'(\?)?:/g;

/** The class and property descriptions (JSDoc) and optionality from a model's `.d.ts` text. */
export function parseModelDeclaration(dts: string): ModelDeclaration {
  const start = CLASS_START.exec(dts);
  if (start === null) return { description: undefined, properties: new Map() };
  const body = dts.slice(start.index + start[0].length);
  const properties = new Map<string, PropertyDeclaration>();
  for (const match of body.matchAll(PROPERTY)) {
    const name = match[2];
    if (name === undefined) continue;
    properties.set(name, { description: jsDocText(match[1]), optional: match[3] === '?' });
  }
  return { description: jsDocText(start[1]), properties };
}

/** The text of a JSDoc block: leading `*`s removed, the generator's quote escapes undone. */
function jsDocText(block: string | undefined): string | undefined {
  if (block === undefined) return undefined;
  const text = block
    .split('\n')
    .map((line) => line.replace(/^\s*\*\s?/, '').trim())
    .filter((line) => line !== '')
    .join('\n')
    .replace(/\\(['"])/g, '$1');
  return text === '' ? undefined : text;
}

const NOT_MODELS = new Set([
  'Array',
  'Date',
  'IntOrString',
  'string',
  'number',
  'boolean',
  'any',
  'object',
  'key',
]);

/** The model names a type expression mentions (`Array<V1Container>` → `V1Container`). */
export function referencedModels(type: string): string[] {
  return [...type.matchAll(/[A-Za-z_]\w*/g)]
    .map((match) => match[0])
    .filter((word) => !NOT_MODELS.has(word));
}
