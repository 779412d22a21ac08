import type { Condition } from './condition.js';

const PRECEDENCE = { or: 1, and: 2, not: 3, constant: 4, term: 4 } as const;

/** Prints with only the parentheses the precedence needs; parsing the output gives the same tree. */
export function printCondition(condition: Condition): string {
  const wrap = (child: Condition, minimum: number): string => {
    const text = printCondition(child);
    return PRECEDENCE[child.kind] < minimum ? `(${text})` : text;
  };
  switch (condition.kind) {
    case 'constant':
      return String(condition.value);
    case 'term':
      return condition.term.text;
    case 'not':
      return `not ${wrap(condition.operand, PRECEDENCE.not)}`;
    case 'and':
    case 'or': {
      const own = PRECEDENCE[condition.kind];
      // Left-associative: the right operand needs parentheses at equal precedence to keep its grouping.
      return `${wrap(condition.left, own)} ${condition.kind} ${wrap(condition.right, own + 1)}`;
    }
  }
}
