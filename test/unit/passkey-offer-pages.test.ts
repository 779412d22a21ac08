import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderKeyApproval } from '../../src/http/pages/key-approval-page.js';
import { renderOtpChallenge } from '../../src/http/pages/otp-challenge-page.js';

/** "Use a passkey" (issue 12) comes first at the OTP step, on both of its pages, only for users with a passkey. */
describe('Use a passkey on the OTP step pages', () => {
  const common = { title: 'Gatehouse', domain: 'example.com', csrfToken: 'token' };

  it('is offered before the code input, with its static scripts and no inline script', () => {
    const page = renderOtpChallenge({ ...common, otpType: 'authenticator-app', passkeyOffered: true });
    assert.ok(page.indexOf('Use a passkey') < page.indexOf('id="code"'));
    assert.match(page, /action="\/portal\/example.com\/login\/otp\/passkey"/);
    assert.match(page, /data-options-url="\/portal\/example.com\/login\/otp\/passkey\/options"/);
    assert.match(page, /<script src="\/static\/vendor\/simplewebauthn-browser.js"><\/script>/);
    assert.match(page, /<script src="\/static\/passkey-sign-in.js"><\/script>/);
    assert.doesNotMatch(page, /<script>/);
  });

  it('is offered above the Gatehouse Key approval number too', () => {
    const page = renderKeyApproval({
      ...common,
      state: 'pending',
      number: 42,
      canRequestAgain: true,
      passkeyOffered: true,
    });
    assert.ok(page.indexOf('Use a passkey') < page.indexOf('id="approval-number"'));
    assert.match(page, /passkey-sign-in.js/);
  });

  it('is absent for users without a passkey', () => {
    assert.doesNotMatch(renderOtpChallenge({ ...common, otpType: 'email', passkeyOffered: false }), /passkey/i);
    const approval = renderKeyApproval({ ...common, state: 'pending', number: 7, canRequestAgain: false });
    assert.doesNotMatch(approval, /passkey/i);
  });
});
