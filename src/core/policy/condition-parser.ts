import { type Condition, ConditionSyntaxError, MAX_CONDITION_LENGTH } from './condition.js';
import { parseTerm } from './condition-terms.js';

export interface Token {
  text: string;
  /** 1-based column. */
  column: number;
}

const MAX_NESTING = 64;

/** The words and parentheses of a condition with their 1-based columns. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')') {
      tokens.push({ text: c, column: i + 1 });
      i++;
    } else {
      const start = i;
      while (i < source.length && !/[\s()]/.test(source[i] as string)) i++;
      tokens.push({ text: source.slice(start, i), column: start + 1 });
    }
  }
  return tokens;
}

/**
 * Recursive descent over `or` < `and` < `not` < (parentheses | constant | term). Every error carries the column
 * where it was found, for the admin who is saving the condition.
 */
class Parser {
  private position = 0;
  private depth = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly length: number,
  ) {}

  parse(): Condition {
    if (this.tokens.length === 0) throw new ConditionSyntaxError('the condition is empty', 1);
    const condition = this.or();
    const extra = this.peek();
    if (extra) throw new ConditionSyntaxError(`expected "and", "or" or the end, found "${extra.text}"`, extra.column);
    return condition;
  }

  private peek(): Token | undefined {
    return this.tokens[this.position];
  }

  private or(): Condition {
    let left = this.and();
    while (this.peek()?.text === 'or') {
      this.position++;
      left = { kind: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): Condition {
    let left = this.not();
    while (this.peek()?.text === 'and') {
      this.position++;
      left = { kind: 'and', left, right: this.not() };
    }
    return left;
  }

  private not(): Condition {
    if (this.peek()?.text === 'not') {
      this.position++;
      return this.nested(() => ({ kind: 'not', operand: this.not() }));
    }
    return this.primary();
  }

  private nested(parse: () => Condition): Condition {
    const token = this.peek();
    if (++this.depth > MAX_NESTING)
      throw new ConditionSyntaxError(
        `the condition is nested more than ${MAX_NESTING} levels deep`,
        token?.column ?? this.length,
      );
    const condition = parse();
    this.depth--;
    return condition;
  }

  private primary(): Condition {
    const token = this.peek();
    if (!token) throw new ConditionSyntaxError('the condition ends where a term was expected', this.length + 1);
    this.position++;
    if (token.text === '(') {
      const inner = this.nested(() => this.or());
      const close = this.peek();
      if (close?.text !== ')')
        throw new ConditionSyntaxError(
          close ? `expected ")", found "${close.text}"` : 'a "(" is never closed',
          close?.column ?? token.column,
        );
      this.position++;
      return inner;
    }
    if (token.text === ')') throw new ConditionSyntaxError('unexpected ")"', token.column);
    if (token.text === 'true' || token.text === 'false') return { kind: 'constant', value: token.text === 'true' };
    if (token.text === 'and' || token.text === 'or')
      throw new ConditionSyntaxError(`"${token.text}" needs a term before it`, token.column);
    if (token.text !== token.text.toLowerCase())
      throw new ConditionSyntaxError(`conditions are written in lowercase: "${token.text}"`, token.column);
    const colon = token.text.indexOf(':');
    if (colon <= 0)
      throw new ConditionSyntaxError(
        `"${token.text}" is not a term; terms look like name:value (e.g. ipset:office)`,
        token.column,
      );
    const name = token.text.slice(0, colon);
    const value = token.text.slice(colon + 1);
    if (value === '') throw new ConditionSyntaxError(`"${name}" has no value`, token.column + colon + 1);
    const term = parseTerm(name, value, token.text);
    if (typeof term === 'string')
      throw new ConditionSyntaxError(
        term,
        name.startsWith('attr.') || term.startsWith('unknown') ? token.column : token.column + colon + 1,
      );
    return { kind: 'term', term };
  }
}

export function parseCondition(source: string): Condition {
  if (source.length > MAX_CONDITION_LENGTH)
    throw new ConditionSyntaxError(
      `a condition is at most ${MAX_CONDITION_LENGTH} characters`,
      MAX_CONDITION_LENGTH + 1,
    );
  return new Parser(tokenize(source), source.length).parse();
}
