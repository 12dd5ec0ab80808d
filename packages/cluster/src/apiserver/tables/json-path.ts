import { isJsonObject, type Json } from '../json.ts';

/**
 * A small JSONPath evaluator for the forms CRD printer columns use, with kubectl's syntax:
 * `.spec.a.b`, `.items[0]`, `.items[-1]`, `.items[*].name`, `['key.with.dots']`,
 * `.labels.app\.kubernetes\.io/name`, and filters such as
 * `.status.conditions[?(@.type=="Ready")].status`. Surrounding `{…}` and a leading `$` are
 * accepted.
 */

type Comparison = '==' | '!=' | '<' | '>' | '<=' | '>=';

/** One step of a parsed path. */
export type JsonPathStep =
  | { readonly kind: 'field'; readonly name: string }
  | { readonly kind: 'index'; readonly index: number }
  | { readonly kind: 'wildcard' }
  | {
      readonly kind: 'filter';
      readonly path: readonly JsonPathStep[];
      readonly comparison?: { readonly operator: Comparison; readonly literal: Json };
    };

class JsonPathSyntaxError extends Error {}

const terminators = new Set([
  ' ',
  '.',
  ',',
  '[',
  ']',
  '$',
  '@',
  '{',
  '}',
  '(',
  ')',
  '=',
  '!',
  '<',
  '>',
]);

class PathParser {
  private position = 0;
  private readonly text: string;

  constructor(text: string) {
    this.text = text;
  }

  private peek(offset = 0): string {
    return this.text.charAt(this.position + offset);
  }

  private expect(literal: string): void {
    if (!this.text.startsWith(literal, this.position))
      throw new JsonPathSyntaxError(`expected ${literal} at ${this.position}`);
    this.position += literal.length;
  }

  atEnd(): boolean {
    return this.position >= this.text.length;
  }

  /** Parses steps until the end of the text or a character that closes a filter. */
  steps(): JsonPathStep[] {
    const steps: JsonPathStep[] = [];
    for (;;) {
      const char = this.peek();
      if (char === '.') {
        this.position++;
        if (this.peek() !== '' && !terminators.has(this.peek())) steps.push(this.field());
      } else if (char === '[') steps.push(this.bracket());
      else return steps;
    }
  }

  private field(): JsonPathStep {
    let name = '';
    while (!this.atEnd() && !terminators.has(this.peek())) {
      if (this.peek() === '\\') this.position++;
      name += this.peek();
      this.position++;
    }
    return name === '*' ? { kind: 'wildcard' } : { kind: 'field', name };
  }

  private bracket(): JsonPathStep {
    this.expect('[');
    let step: JsonPathStep;
    const char = this.peek();
    if (char === '?') step = this.filter();
    else if (char === '*') {
      this.position++;
      step = { kind: 'wildcard' };
    } else if (char === "'" || char === '"') step = { kind: 'field', name: this.quoted() };
    else step = { kind: 'index', index: this.integer() };
    this.expect(']');
    return step;
  }

  private quoted(): string {
    const quote = this.peek();
    const end = this.text.indexOf(quote, this.position + 1);
    if (end < 0) throw new JsonPathSyntaxError('unterminated quoted string');
    const value = this.text.slice(this.position + 1, end);
    this.position = end + 1;
    return value;
  }

  private integer(): number {
    const match = /^-?\d+/.exec(this.text.slice(this.position));
    if (match === null) throw new JsonPathSyntaxError(`expected an index at ${this.position}`);
    this.position += match[0].length;
    return Number(match[0]);
  }

  private filter(): JsonPathStep {
    this.expect('?(');
    this.skipSpaces();
    this.expect('@');
    const path = this.steps();
    this.skipSpaces();
    const operator = this.comparisonOperator();
    let step: JsonPathStep = { kind: 'filter', path };
    if (operator !== undefined) {
      this.skipSpaces();
      step = { kind: 'filter', path, comparison: { operator, literal: this.literal() } };
      this.skipSpaces();
    }
    this.expect(')');
    return step;
  }

  private comparisonOperator(): Comparison | undefined {
    for (const operator of ['==', '!=', '<=', '>=', '<', '>'] as const) {
      if (this.text.startsWith(operator, this.position)) {
        this.position += operator.length;
        return operator;
      }
    }
    return undefined;
  }

  private literal(): Json {
    const char = this.peek();
    if (char === "'" || char === '"') return this.quoted();
    const match = /^(true|false|-?\d+(\.\d+)?([eE][+-]?\d+)?)/.exec(this.text.slice(this.position));
    if (match === null) throw new JsonPathSyntaxError(`expected a literal at ${this.position}`);
    this.position += match[0].length;
    if (match[0] === 'true' || match[0] === 'false') return match[0] === 'true';
    return Number(match[0]);
  }

  private skipSpaces(): void {
    while (this.peek() === ' ') this.position++;
  }
}

function unwrap(text: string): string {
  let inner = text.trim();
  if (inner.startsWith('{') && inner.endsWith('}')) inner = inner.slice(1, -1).trim();
  if (inner.startsWith('$')) inner = inner.slice(1);
  return inner;
}

/** Parses a JSONPath; undefined when the text is not a path this evaluator understands. */
export function parseJsonPath(text: string): readonly JsonPathStep[] | undefined {
  try {
    const parser = new PathParser(unwrap(text));
    const steps = parser.steps();
    return parser.atEnd() ? steps : undefined;
  } catch (error) {
    if (error instanceof JsonPathSyntaxError) return undefined;
    throw error;
  }
}

function ordered(left: Json, right: Json): [number, number] | [string, string] | undefined {
  if (typeof left === 'number' && typeof right === 'number') return [left, right];
  if (typeof left === 'string' && typeof right === 'string') return [left, right];
  return undefined;
}

function compare(left: Json, operator: Comparison, right: Json): boolean {
  if (operator === '==') return left === right;
  if (operator === '!=') return left !== right;
  const pair = ordered(left, right);
  if (pair === undefined) return false;
  const [a, b] = pair;
  if (operator === '<') return a < b;
  if (operator === '>') return a > b;
  if (operator === '<=') return a <= b;
  return a >= b;
}

function filterKeeps(element: Json, step: Extract<JsonPathStep, { kind: 'filter' }>): boolean {
  const results = evaluateSteps([element], step.path);
  if (step.comparison === undefined) return results.length > 0;
  const [first] = results;
  return first !== undefined && compare(first, step.comparison.operator, step.comparison.literal);
}

function fieldOf(value: Json, name: string): Json[] {
  const found = isJsonObject(value) ? value[name] : undefined;
  return found === undefined ? [] : [found];
}

function elementOf(value: Json, index: number): Json[] {
  if (!Array.isArray(value)) return [];
  const found = value[index < 0 ? value.length + index : index];
  return found === undefined ? [] : [found];
}

function childrenOf(value: Json): Json[] {
  if (Array.isArray(value)) return value;
  return isJsonObject(value) ? Object.values(value) : [];
}

function applyStep(value: Json, step: JsonPathStep): Json[] {
  switch (step.kind) {
    case 'field':
      return fieldOf(value, step.name);
    case 'index':
      return elementOf(value, step.index);
    case 'wildcard':
      return childrenOf(value);
    case 'filter':
      return Array.isArray(value) ? value.filter((element) => filterKeeps(element, step)) : [];
  }
}

function evaluateSteps(values: readonly Json[], steps: readonly JsonPathStep[]): Json[] {
  let current: Json[] = [...values];
  for (const step of steps) current = current.flatMap((value) => applyStep(value, step));
  return current;
}

/**
 * Every value the path selects in `root` (missing keys select nothing). A path that cannot
 * be parsed selects nothing too, so callers never fail on bad input.
 */
export function evaluateJsonPath(root: Json, path: string | readonly JsonPathStep[]): Json[] {
  const steps = typeof path === 'string' ? parseJsonPath(path) : path;
  return steps === undefined ? [] : evaluateSteps([root], steps);
}
