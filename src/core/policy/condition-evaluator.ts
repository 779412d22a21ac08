import type { Role } from '../roles.js';
import type { Condition, Term } from './condition.js';
import { type IpAddress, rangeContains } from './ip-range.js';
import type { IpSetIndex } from './ip-set-index.js';
import type { LocalTime } from './local-time.js';

/** Everything a condition can look at, gathered once per sign-in decision. */
export interface EvaluationContext {
  address: IpAddress | null;
  hasPass: boolean;
  /** Whole days since the browser's entrance pass was issued; null without a pass. */
  passAgeDays: number | null;
  loginId: string;
  role: Role;
  local: LocalTime;
  attributes: Readonly<Record<string, string>>;
  ipSets: ReadonlyMap<string, IpSetIndex>;
  templates: ReadonlyMap<string, Condition>;
}

/** Templates may not refer to templates (checked when saved); this only stops a cycle from ever looping. */
const MAX_TEMPLATE_DEPTH = 4;

function termHolds(term: Term, ctx: EvaluationContext, depth: number): boolean {
  switch (term.name) {
    case 'ip4':
    case 'ip6':
      return ctx.address !== null && rangeContains(term.range, ctx.address);
    case 'ipset': {
      const set = ctx.ipSets.get(term.id);
      return set !== undefined && ctx.address !== null && set.contains(ctx.address);
    }
    case 'has_pass':
      return ctx.hasPass === term.value;
    case 'pass_age_days':
      return ctx.passAgeDays !== null && ctx.passAgeDays >= term.min && ctx.passAgeDays <= term.max;
    case 'login_name':
      return ctx.loginId === term.loginId;
    case 'role':
      return term.role === 'admin' ? ctx.role !== 'none' : ctx.role === term.role;
    case 'time': {
      const minute = ctx.local.minuteOfDay;
      // 22:00-06:00 spans midnight; the end minute itself is outside (09:00-18:00 ends as 18:00 begins).
      return term.fromMinute <= term.toMinute
        ? minute >= term.fromMinute && minute < term.toMinute
        : minute >= term.fromMinute || minute < term.toMinute;
    }
    case 'weekday':
      return term.days.has(ctx.local.weekday);
    case 'date':
      return ctx.local.date >= term.from && ctx.local.date <= term.to;
    case 'attr':
      return ctx.attributes[term.attribute] === term.value;
    case 'template': {
      const template = ctx.templates.get(term.id);
      return template !== undefined && depth < MAX_TEMPLATE_DEPTH && evaluate(template, ctx, depth + 1);
    }
  }
}

function evaluate(condition: Condition, ctx: EvaluationContext, depth: number): boolean {
  switch (condition.kind) {
    case 'constant':
      return condition.value;
    case 'not':
      return !evaluate(condition.operand, ctx, depth);
    case 'and':
      return evaluate(condition.left, ctx, depth) && evaluate(condition.right, ctx, depth);
    case 'or':
      return evaluate(condition.left, ctx, depth) || evaluate(condition.right, ctx, depth);
    case 'term':
      return termHolds(condition.term, ctx, depth);
  }
}

export function evaluateAccessCondition(condition: Condition, ctx: EvaluationContext): boolean {
  return evaluate(condition, ctx, 0);
}
