import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkPassword } from '../../src/core/password-policy.js';

const rules = (policy: Parameters<typeof checkPassword>[1]['policy'], minLength = 10) => ({ policy, minLength });

describe('password policy', () => {
  it('enforces the minimum length counting characters, not bytes', () => {
    assert.match(checkPassword('Short1!', rules('none'), 'a@example.com') ?? '', /at least 10 characters/);
    assert.equal(checkPassword('ééééééééééé', rules('none', 10), 'a@example.com'), null);
  });

  it('refuses passwords over 256 characters', () => {
    assert.match(checkPassword('a'.repeat(257), rules('none', 1), 'a@example.com') ?? '', /at most 256/);
  });

  it('upper, lower and digits', () => {
    assert.equal(checkPassword('Abcdefghi1', rules('upper-lower-digit'), 'a@example.com'), null);
    assert.match(checkPassword('abcdefghi1', rules('upper-lower-digit'), 'a@example.com') ?? '', /upper case/);
  });

  it('upper, lower, digits and symbols', () => {
    assert.equal(checkPassword('Abcdefgh1!', rules('upper-lower-digit-symbol'), 'a@example.com'), null);
    assert.match(checkPassword('Abcdefghi1', rules('upper-lower-digit-symbol'), 'a@example.com') ?? '', /symbols/);
  });

  it('at least three of four classes', () => {
    assert.equal(checkPassword('abcdefgh1!', rules('three-of-four'), 'a@example.com'), null);
    assert.match(checkPassword('abcdefghij1', rules('three-of-four'), 'a@example.com') ?? '', /at least 3/);
  });

  it('three of four and not containing the login ID or its local part, in any case', () => {
    const r = rules('three-of-four-no-login-id');
    assert.equal(checkPassword('Correct-horse-9', r, 'alice@example.com'), null);
    assert.match(checkPassword('Alice-2026-xyz', r, 'alice@example.com') ?? '', /must not contain the login ID/);
    assert.match(checkPassword('xALICE@EXAMPLE.COM1', r, 'alice@example.com') ?? '', /must not contain the login ID/);
  });
});
