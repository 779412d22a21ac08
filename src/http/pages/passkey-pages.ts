import { PASSKEY_MESSAGES } from '../../core/messages.js';
import { MAX_PASSKEY_NAME_LENGTH } from '../../core/passkey-rules.js';
import type { Passkey } from '../../contract/portal/passkeys.js';
import { html, page } from './html.js';
import { type PortalFrame, portalNav } from './portal-pages.js';

/** Minutes are enough to recognise a device; the time zone is said, as the pages have no script to localise it. */
function shownTime(iso: string | null): string {
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : 'Never';
}

/**
 * The page right after an administrator's forced OTP setup (SPEC §5.3): a passkey is offered once, with **Not now**
 * going on to where the sign-in was going. `continueHref` has already passed the next-path rules.
 */
export interface PasskeyOffer {
  continueHref: string;
  /** The passkey was just added: the way on reads **Continue** rather than **Not now**. */
  added: boolean;
}

/**
 * Passkeys in the portal (SPEC §3.4, issue 12): the user's passkeys with rename and Remove, which work without
 * script, and "Add a passkey", which needs WebAuthn and so runs /static/passkeys.js. A group whose Passkeys setting
 * is "Not allowed" gets no "Add a passkey"; passkeys added before the change stay listed, so they can be removed.
 * A flagged passkey says so, as the user is the one who can tell whether the copy was theirs.
 */
export function renderPasskeys(
  f: PortalFrame,
  passkeys: readonly Passkey[],
  messages: { notice?: string; error?: string; signInAgain?: boolean } = {},
  mayAdd = true,
  offer?: PasskeyOffer,
): string {
  const base = `/portal/${f.domain}/passkeys`;
  const loginAgain = `/portal/${f.domain}/login?next=${encodeURIComponent(base)}`;
  const doneUrl = offer ? `${base}?done=added&next=${encodeURIComponent(offer.continueHref)}` : `${base}?done=added`;
  return page(
    'Passkeys',
    html`${portalNav(f)}
<h1>Passkeys</h1>
${
  offer && !offer.added && mayAdd
    ? html`<div id="passkey-offer" class="notice" role="status">
<p><strong>Your one-time password is set up.</strong> You can also add a passkey now: next time, this device's screen
lock or your security key can answer instead of a code. It is optional.</p>
</div>`
    : ''
}
<p>A passkey lets your device (its screen lock, fingerprint or face) or a security key prove it is you, and cannot be
phished: it only ever answers this site.</p>
${messages.notice ? html`<p class="notice" role="status">${messages.notice}</p>` : ''}
${messages.error ? html`<p class="error" role="alert">${messages.error}</p>` : ''}
${messages.signInAgain ? html`<p><a class="button" href="${loginAgain}">Log in again</a></p>` : ''}
${
  passkeys.length === 0
    ? html`<p id="no-passkeys">You have no passkeys yet.</p>`
    : html`<table class="passkeys">
<thead><tr><th scope="col">Name</th><th scope="col">Added</th><th scope="col">Last used</th><th scope="col">Actions</th></tr></thead>
<tbody>
${passkeys.map(
  (p) => html`<tr data-passkey-id="${p.id}">
<td class="passkey-name">${p.name}${
    p.flaggedAt
      ? html` <strong class="passkey-flagged">${PASSKEY_MESSAGES.flagged}</strong>
<p class="passkey-flagged-note muted">${PASSKEY_MESSAGES.flaggedExplanation} (${shownTime(p.flaggedAt)})</p>`
      : ''
  }</td>
<td>${shownTime(p.createdAt)}</td>
<td>${shownTime(p.lastUsedAt)}</td>
<td>
<form method="post" action="${base}/${p.id}/rename" class="inline">
  <input type="hidden" name="_csrf" value="${f.csrfToken}">
  <input type="text" name="name" aria-label="New name for ${p.name}" value="${p.name}" maxlength="${String(MAX_PASSKEY_NAME_LENGTH)}" required>
  <button type="submit" class="secondary">Rename</button>
</form>
<form method="post" action="${base}/${p.id}/remove" class="inline">
  <input type="hidden" name="_csrf" value="${f.csrfToken}">
  <button type="submit" class="danger" aria-label="Remove ${p.name}">Remove</button>
</form>
</td>
</tr>`,
)}
</tbody>
</table>`
}
${
  mayAdd
    ? html`<h2>Add a passkey</h2>
<p class="muted">Give it a name you will recognise, such as the device it is on, click <strong>Add a passkey</strong>
and follow your browser: it asks for your screen lock, fingerprint or face, or to touch your security key.</p>
<form id="add-passkey-form" data-csrf="${f.csrfToken}" data-options-url="${base}/options" data-register-url="${base}" data-done-url="${doneUrl}"${offer && !offer.added ? html` data-offer-continue="${offer.continueHref}"` : ''}>
  <label for="passkey-name">Passkey name</label>
  <input type="text" id="passkey-name" name="name" maxlength="${String(MAX_PASSKEY_NAME_LENGTH)}" placeholder="Work laptop" required>
  <button type="submit">Add a passkey</button>
</form>
<p id="passkey-status" role="status"></p>
<noscript><p class="error">Adding a passkey needs JavaScript.</p></noscript>
<script src="/static/vendor/simplewebauthn-browser.js"></script>
<script src="/static/passkeys.js"></script>`
    : html`<p id="passkeys-not-allowed" class="notice" role="status">Passkeys are not allowed for your Access Policy
Group, so you cannot add one. You can still remove the passkeys listed here.</p>`
}
${
  offer
    ? offer.added || !mayAdd
      ? html`<p><a id="passkey-offer-continue" class="button" href="${offer.continueHref}">Continue</a></p>`
      : html`<p><a id="passkey-offer-continue" class="button secondary" href="${offer.continueHref}">Not now</a></p>`
    : ''
}
<h2>Lost a device?</h2>
<p id="passkey-lost-device">Remove its passkey so that it no longer opens your account: here, from another device where
you are logged in, or ask an administrator to remove it. Then add a new passkey on the device you use now.</p>`,
  );
}
