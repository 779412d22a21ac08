import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { type Condition, ConditionSyntaxError, referencesOf } from '../../src/core/policy/condition.js';
import { parseCondition } from '../../src/core/policy/condition-parser.js';
import { printCondition } from '../../src/core/policy/condition-printer.js';

function syntaxError(source: string): ConditionSyntaxError {
  try {
    parseCondition(source);
  } catch (error) {
    assert.ok(error instanceof ConditionSyntaxError, `not a syntax error: ${String(error)}`);
    return error;
  }
  assert.fail(`accepted: ${source}`);
}

describe('access condition parser', () => {
  it('parses every term of SPEC §4.1', () => {
    const source =
      'ip4:203.0.113.7 or ip4:203.0.113.0/24 or ip4:203.0.113.10-203.0.113.20 or ip6:2001:db8::/32 or ipset:office or has_pass:true ' +
      'or pass_age_days:0-30 or login_name:alice@example.com or role:admin or role:global-admin or time:09:00-18:00 ' +
      'or weekday:mon-fri or date:2026-12-01/2026-12-31 or attr.department:sales or template:office-hours';
    const parsed = parseCondition(source);
    assert.equal(printCondition(parsed), source);
    assert.deepEqual([...referencesOf(parsed).ipSets], ['office']);
    assert.deepEqual([...referencesOf(parsed).templates], ['office-hours']);
  });

  it('binds not tighter than and, and tighter than or', () => {
    assert.equal(
      printCondition(parseCondition('not has_pass:true and ipset:office or true')),
      'not has_pass:true and ipset:office or true',
    );
    const grouped = parseCondition('not (has_pass:true and (ipset:office or true))');
    assert.equal(grouped.kind, 'not');
    assert.equal(printCondition(grouped), 'not (has_pass:true and (ipset:office or true))');
  });

  it('reports errors with their column', () => {
    assert.equal(syntaxError('ipset:office and').column, 17);
    assert.equal(syntaxError('ip4:300.1.1.1').column, 5);
    assert.equal(syntaxError('ipset:office or bogus:1').column, 17);
    assert.match(syntaxError('ipset:office or bogus:1').message, /unknown term "bogus" \(column 17\)/);
    assert.equal(syntaxError('(ipset:office').column, 1);
    assert.equal(syntaxError('ipset:office)').column, 13);
    assert.match(syntaxError('IPSET:office').message, /lowercase/);
    assert.match(syntaxError('').message, /empty/);
    assert.match(syntaxError('time:9-18').message, /09:00-18:00/);
    assert.match(syntaxError('date:2026-02-30').message, /date/);
    assert.match(syntaxError('weekday:funday').message, /weekday/);
    assert.match(syntaxError('x'.repeat(4097)).message, /at most 4096/);
    assert.match(syntaxError('('.repeat(100) + 'true' + ')'.repeat(100)).message, /nested/);
  });

  it('never crashes on random input: it parses or reports a syntax error', () => {
    const alphabet = fc.constantFrom(
      ...'()ab:.-/ 019nortdfaslipv46setrue'.split(''),
      ' and ',
      ' or ',
      'not ',
      'ip4:',
      'ipset:',
      'time:',
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 200 }),
          fc.array(alphabet, { maxLength: 60 }).map((parts) => parts.join('')),
        ),
        (source) => {
          try {
            parseCondition(source);
          } catch (error) {
            if (!(error instanceof ConditionSyntaxError)) throw error;
            assert.ok(
              error.column >= 1 && error.column <= source.length + 1,
              `column ${error.column} outside "${source}"`,
            );
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('prints a condition that parses back to the same condition', () => {
    const terms = fc.constantFrom(
      'ip4:10.0.0.0/8',
      'ip4:192.0.2.1-192.0.2.9',
      'ip6:2001:db8::1',
      'ipset:office',
      'has_pass:true',
      'has_pass:false',
      'pass_age_days:0-30',
      'login_name:bob@example.com',
      'role:admin',
      'time:22:00-06:00',
      'weekday:sat,sun',
      'date:2026-01-01',
      'attr.team:ops',
      'template:vpn-users',
    );
    const condition: fc.Arbitrary<Condition> = fc.letrec<{ node: Condition }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        terms.map((text) => parseCondition(text)),
        fc.boolean().map((value) => ({ kind: 'constant', value }) as Condition),
        tie('node').map((operand) => ({ kind: 'not', operand }) as Condition),
        fc
          .tuple(fc.constantFrom('and' as const, 'or' as const), tie('node'), tie('node'))
          .map(([kind, left, right]) => ({ kind, left, right }) as Condition),
      ),
    })).node;
    fc.assert(
      fc.property(condition, (tree) => {
        const printed = printCondition(tree);
        assert.deepEqual(parseCondition(printed), tree);
        assert.equal(printCondition(parseCondition(printed)), printed);
      }),
      { numRuns: 2000 },
    );
  });
});
