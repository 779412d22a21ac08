import type { IpRange } from './ip-range.js';

/** The access condition language of SPEC §4.1, as a tree. Terms keep their source text for printing. */
export type Condition =
  | { kind: 'constant'; value: boolean }
  | { kind: 'not'; operand: Condition }
  | { kind: 'and' | 'or'; left: Condition; right: Condition }
  | { kind: 'term'; term: Term };

export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

export type Term =
  | { name: 'ip4' | 'ip6'; text: string; range: IpRange }
  | { name: 'ipset'; text: string; id: string }
  | { name: 'has_pass'; text: string; value: boolean }
  | { name: 'pass_age_days'; text: string; min: number; max: number }
  | { name: 'login_name'; text: string; loginId: string }
  | { name: 'role'; text: string; role: string }
  | { name: 'time'; text: string; fromMinute: number; toMinute: number }
  | { name: 'weekday'; text: string; days: ReadonlySet<Weekday> }
  | { name: 'date'; text: string; from: string; to: string }
  | { name: 'attr'; text: string; attribute: string; value: string }
  | { name: 'template'; text: string; id: string };

export const MAX_CONDITION_LENGTH = 4096;

export class ConditionSyntaxError extends Error {
  constructor(
    readonly reason: string,
    /** 1-based column of the offending text. */
    readonly column: number,
  ) {
    super(`${reason} (column ${column})`);
    this.name = 'ConditionSyntaxError';
  }
}

/** Every `ipset:` and `template:` a condition names, so saving can check that they exist. */
export function referencesOf(condition: Condition): { ipSets: Set<string>; templates: Set<string> } {
  const ipSets = new Set<string>();
  const templates = new Set<string>();
  const walk = (c: Condition): void => {
    if (c.kind === 'not') walk(c.operand);
    else if (c.kind === 'and' || c.kind === 'or') {
      walk(c.left);
      walk(c.right);
    } else if (c.kind === 'term') {
      if (c.term.name === 'ipset') ipSets.add(c.term.id);
      if (c.term.name === 'template') templates.add(c.term.id);
    }
  };
  walk(condition);
  return { ipSets, templates };
}
