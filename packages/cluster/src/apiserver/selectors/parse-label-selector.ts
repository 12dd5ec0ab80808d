import { statusErrors } from '../status-error.ts';
import {
  everythingSelector,
  newLabelRequirement,
  sortRequirements,
  type LabelOperator,
  type LabelRequirement,
  type LabelSelector,
} from './label-selector.ts';
import { validateLabelKey } from './validate-label.ts';

/**
 * A port of apimachinery's label selector lexer and recursive-descent parser
 * (`labels.Parse`), with its error messages word for word.
 */

type Token =
  | 'error'
  | 'eos'
  | ')'
  | ','
  | '!'
  | '=='
  | '='
  | '>'
  | 'identifier'
  | 'in'
  | '<'
  | '!='
  | 'notin'
  | '(';

interface ScannedItem {
  readonly token: Token;
  readonly literal: string;
}

const literalTokens: ReadonlyMap<string, Token> = new Map<string, Token>([
  [')', ')'],
  [',', ','],
  ['!', '!'],
  ['==', '=='],
  ['=', '='],
  ['>', '>'],
  ['in', 'in'],
  ['<', '<'],
  ['!=', '!='],
  ['notin', 'notin'],
  ['(', '('],
]);

const binaryOperators = 'in, notin, =, ==, !=, gt, lt';

const tokenOperators: Partial<Record<Token, LabelOperator>> = {
  in: 'in',
  notin: 'notin',
  '=': '=',
  '==': '==',
  '!=': '!=',
  '>': 'gt',
  '<': 'lt',
};

/** A syntax error inside the parser; turned into a 400 at the boundary. */
class SelectorSyntaxError extends Error {}

function isWhitespace(char: string): boolean {
  return char === ' ' || char === '\t' || char === '\r' || char === '\n';
}

function isSpecialSymbol(char: string): boolean {
  return '=!(),><'.includes(char) && char !== '';
}

/** Splits the selector text into tokens, as upstream's `Lexer`. */
function scan(text: string): ScannedItem[] {
  const items: ScannedItem[] = [];
  let position = 0;
  for (;;) {
    while (position < text.length && isWhitespace(text.charAt(position))) position++;
    const char = text.charAt(position);
    let item: ScannedItem;
    if (position >= text.length) item = { token: 'eos', literal: '' };
    else if (isSpecialSymbol(char)) [item, position] = scanSpecialSymbol(text, position);
    else [item, position] = scanIdentifierOrKeyword(text, position);
    items.push(item);
    if (item.token === 'eos') return items;
  }
}

function scanIdentifierOrKeyword(text: string, start: number): [ScannedItem, number] {
  let end = start;
  while (end < text.length && !isSpecialSymbol(text.charAt(end)) && !isWhitespace(text.charAt(end)))
    end++;
  const literal = text.slice(start, end);
  return [{ token: literalTokens.get(literal) ?? 'identifier', literal }, end];
}

function scanSpecialSymbol(text: string, start: number): [ScannedItem, number] {
  let buffer = '';
  let last: ScannedItem | undefined;
  let position = start;
  while (position < text.length && isSpecialSymbol(text.charAt(position))) {
    buffer += text.charAt(position);
    const token = literalTokens.get(buffer);
    if (token !== undefined) last = { token, literal: buffer };
    else if (last !== undefined) break;
    position++;
  }
  if (last === undefined)
    return [{ token: 'error', literal: `error expected: keyword found '${buffer}'` }, position];
  return [last, start + last.literal.length];
}

type Context = 'keyAndOperator' | 'values';

class Parser {
  private readonly items: readonly ScannedItem[];
  private position = 0;

  constructor(text: string) {
    this.items = scan(text);
  }

  private peekItem(): ScannedItem {
    return (
      this.items[Math.min(this.position, this.items.length - 1)] ?? { token: 'eos', literal: '' }
    );
  }

  lookahead(context: Context): ScannedItem {
    return inContext(this.peekItem(), context);
  }

  consume(context: Context): ScannedItem {
    const item = this.peekItem();
    this.position++;
    return inContext(item, context);
  }

  parse(): LabelRequirement[] {
    const requirements: LabelRequirement[] = [];
    for (;;) {
      const { token, literal } = this.lookahead('values');
      if (token === 'eos') return requirements;
      if (token !== 'identifier' && token !== '!')
        throw new SelectorSyntaxError(
          `found '${literal}', expected: !, identifier, or 'end of string'`,
        );
      requirements.push(this.requirementOrFail());
      if (this.afterRequirement()) return requirements;
    }
  }

  /** Consumes what follows a requirement; true at the end of the input. */
  private afterRequirement(): boolean {
    const next = this.consume('values');
    if (next.token === 'eos') return true;
    if (next.token !== ',')
      throw new SelectorSyntaxError(`found '${next.literal}', expected: ',' or 'end of string'`);
    const following = this.lookahead('values');
    if (following.token !== 'identifier' && following.token !== '!')
      throw new SelectorSyntaxError(`found '${following.literal}', expected: identifier after ','`);
    return false;
  }

  private requirementOrFail(): LabelRequirement {
    try {
      return this.parseRequirement();
    } catch (error) {
      if (error instanceof SelectorSyntaxError)
        throw new SelectorSyntaxError(`unable to parse requirement: ${error.message}`);
      throw error;
    }
  }

  private parseRequirement(): LabelRequirement {
    const { key, operator } = this.parseKeyAndInferOperator();
    if (operator === 'exists' || operator === '!') return built(key, operator, []);
    const binary = this.parseOperator();
    const values =
      binary === 'in' || binary === 'notin' ? this.parseValues() : this.parseExactValue();
    return built(key, binary, [...values].sort());
  }

  private parseKeyAndInferOperator(): { key: string; operator: LabelOperator | undefined } {
    let operator: LabelOperator | undefined;
    let item = this.consume('values');
    if (item.token === '!') {
      operator = '!';
      item = this.consume('values');
    }
    if (item.token !== 'identifier')
      throw new SelectorSyntaxError(`found '${item.literal}', expected: identifier`);
    const keyError = validateLabelKey(item.literal, '<nil>');
    if (keyError !== undefined) throw new SelectorSyntaxError(keyError);
    const next = this.lookahead('values').token;
    if ((next === 'eos' || next === ',') && operator !== '!') operator = 'exists';
    return { key: item.literal, operator };
  }

  private parseOperator(): LabelOperator {
    const { token, literal } = this.consume('keyAndOperator');
    const operator = tokenOperators[token];
    if (operator === undefined)
      throw new SelectorSyntaxError(`found '${literal}', expected: ${binaryOperators}`);
    return operator;
  }

  private parseValues(): Set<string> {
    const open = this.consume('values');
    if (open.token !== '(') throw new SelectorSyntaxError(`found '${open.literal}' expected: '('`);
    const { token, literal } = this.lookahead('values');
    if (token === ')') {
      this.consume('values');
      return new Set(['']);
    }
    if (token !== 'identifier' && token !== ',')
      throw new SelectorSyntaxError(`found '${literal}', expected: ',', ')' or identifier`);
    const values = this.parseIdentifiersList();
    if (this.consume('values').token !== ')')
      throw new SelectorSyntaxError(`found '${literal}', expected: ')'`);
    return values;
  }

  private parseIdentifiersList(): Set<string> {
    const values = new Set<string>();
    for (;;) {
      const { token, literal } = this.consume('values');
      if (token === 'identifier') {
        values.add(literal);
        const next = this.lookahead('values');
        if (next.token === ')') return values;
        if (next.token !== ',')
          throw new SelectorSyntaxError(`found '${next.literal}', expected: ',' or ')'`);
      } else if (token === ',') {
        if (this.emptyValueAfterComma(values)) return values;
      } else {
        throw new SelectorSyntaxError(`found '${literal}', expected: ',', or identifier`);
      }
    }
  }

  /** Handles `(,`, `,,` and `,)`, which all stand for the empty value; true at `)`. */
  private emptyValueAfterComma(values: Set<string>): boolean {
    if (values.size === 0) values.add('');
    const next = this.lookahead('values').token;
    if (next === ')' || next === ',') values.add('');
    return next === ')';
  }

  private parseExactValue(): Set<string> {
    const next = this.lookahead('values').token;
    if (next === 'eos' || next === ',') return new Set(['']);
    const { token, literal } = this.consume('values');
    if (token !== 'identifier')
      throw new SelectorSyntaxError(`found '${literal}', expected: identifier`);
    return new Set([literal]);
  }
}

function inContext(item: ScannedItem, context: Context): ScannedItem {
  if (context === 'values' && (item.token === 'in' || item.token === 'notin'))
    return { token: 'identifier', literal: item.literal };
  return item;
}

function built(key: string, operator: LabelOperator, values: readonly string[]): LabelRequirement {
  const requirement = newLabelRequirement(key, operator, values);
  if ('error' in requirement) throw new SelectorSyntaxError(requirement.error);
  return requirement;
}

/**
 * Parses a `labelSelector` query parameter with Kubernetes' full syntax (`k=v`, `k==v`,
 * `k!=v`, `k in (a,b)`, `k notin (a,b)`, `k`, `!k`, `k>1`, `k<1`; commas mean AND).
 * Requirements come back sorted by key. Bad input → 400 with upstream's message.
 */
export function parseLabelSelector(text: string): LabelSelector {
  try {
    const requirements = new Parser(text).parse();
    if (requirements.length === 0) return everythingSelector;
    return { requirements: sortRequirements(requirements), matchesNothing: false };
  } catch (error) {
    if (error instanceof SelectorSyntaxError) throw statusErrors.badRequest(error.message);
    throw error;
  }
}
