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
      return (
        template !== undefined &&
        depth < MAX_TEMPLATE_DEPTH &&
        compile(template, ctx.ipSets, ctx.templates, depth + 1)(ctx)
      );
    }
  }
}

type Predicate = (ctx: EvaluationContext) => boolean;

/**
 * A condition turned into closures for a given set of compiled IP Sets and templates: `and`/`or` chains become
 * loops over their operands and each `ipset:` term holds its set, so a decision over a hundred sets costs a
 * hundred binary searches and nothing else. Built once per condition and catalog, then reused.
 */
function compile(
  condition: Condition,
  ipSets: EvaluationContext['ipSets'],
  templates: EvaluationContext['templates'],
  depth: number,
): Predicate {
  switch (condition.kind) {
    case 'constant': {
      const value = condition.value;
      return () => value;
    }
    case 'not': {
      const operand = compile(condition.operand, ipSets, templates, depth);
      return (ctx) => !operand(ctx);
    }
    case 'and':
    case 'or': {
      const operands: Predicate[] = [];
      const collect = (node: Condition): void => {
        if (node.kind === condition.kind) {
          collect(node.left);
          collect(node.right);
        } else operands.push(compile(node, ipSets, templates, depth));
      };
      collect(condition);
      return condition.kind === 'and'
        ? (ctx) => {
            for (const operand of operands) if (!operand(ctx)) return false;
            return true;
          }
        : (ctx) => {
            for (const operand of operands) if (operand(ctx)) return true;
            return false;
          };
    }
    case 'term': {
      const { term } = condition;
      if (term.name === 'ipset') {
        const set = ipSets.get(term.id);
        return set ? (ctx) => ctx.address !== null && set.contains(ctx.address) : () => false;
      }
      if (term.name === 'template') {
        const template = templates.get(term.id);
        return template && depth < MAX_TEMPLATE_DEPTH ? compile(template, ipSets, templates, depth + 1) : () => false;
      }
      return (ctx) => termHolds(term, ctx, depth);
    }
  }
}

const compiled = new WeakMap<
  Condition,
  { ipSets: EvaluationContext['ipSets']; templates: EvaluationContext['templates']; predicate: Predicate }
>();

export function evaluateAccessCondition(condition: Condition, ctx: EvaluationContext): boolean {
  let entry = compiled.get(condition);
  if (!entry || entry.ipSets !== ctx.ipSets || entry.templates !== ctx.templates) {
    entry = {
      ipSets: ctx.ipSets,
      templates: ctx.templates,
      predicate: compile(condition, ctx.ipSets, ctx.templates, 0),
    };
    compiled.set(condition, entry);
  }
  return entry.predicate(ctx);
}
