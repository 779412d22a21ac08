/** Every message a user of the sign-in pages can see. SPEC §5.1 fixes their wording. */
export const SIGN_IN_MESSAGES = {
  invalidCredentials: 'Invalid login ID or password.',
  accountLocked: 'Your account is locked. Please try logging in again after some time.',
  tooManyAttempts: 'Too many login attempts from your network. Please wait a few minutes and try again.',
  policyDenied: 'Login denied by the policy. Access is not allowed.',
  otpNotConfigured: 'Login denied by the policy. OTP not configured, but OTP input is required. Access is not allowed.',
  invalidOtp: 'Invalid one-time password.',
  tooManyOtpTries: 'Too many invalid one-time passwords. Please log in again.',
  signInExpired: 'This login attempt has expired. Please log in again.',
  otpLimit: 'Too many invalid one-time passwords for this account. Please try again later.',
  rejectedOnDevice: 'Login was rejected on your device.',
  wrongNumberOnDevice: 'The number typed on your device did not match the number shown here.',
  approvalExpired: 'The request expired before it was answered.',
  reportedOnDevice: 'This login was reported on your device as not yours, and has been stopped.',
  noMoreApprovalRequests: 'No more approval requests can be sent for this login. Enter a code instead.',
  tooManyApprovalRequests:
    'Too many approval requests were sent to your device in the last hour. Enter a code instead.',
  sessionExpired: 'Your session has expired. Please log in again.',
  formExpired: 'This form has expired. Please try again.',
  forbidden: 'Forbidden',
} as const;

/** What a user sees when single sign-on into a Connected Service is refused (SPEC §6 fixes the first line). */
export const SSO_MESSAGES = {
  notAllowed: 'You are not allowed to use this service.',
  serviceNotAllowed: 'Your access policy group does not include this service. Ask your administrator for access.',
  serviceDenied: "The service's access conditions do not allow it from here or at this time.",
  policyDenied: 'Your access policy does not allow access from here or at this time.',
  otpNotConfigured: 'This service requires a one-time password, and your account has none. Set one up first.',
  badRequest: 'The sign-in request of the service could not be read. Go back to the service and try again.',
  unknownService: 'This service is not connected to Gatehouse, or it is disabled.',
  badSignature: 'The sign-in request of the service is not signed as required.',
  unregisteredUrl: 'The service asked for an answer at an address it did not register.',
  replayed: 'This sign-in request was already used. Go back to the service and start again.',
  expired: 'This sign-in request has expired. Go back to the service and start again.',
  throttled: 'Too many sign-in requests from your network. Please wait a minute and try again.',
  continueTo: 'Continue',
  signedOut: 'You have been logged out.',
} as const;

/** OpenID Connect (issue 10): what the pages of the OpenID Provider say. */
export const OIDC_MESSAGES = {
  invalidRequest: 'The sign-in request of the application could not be accepted. Go back to it and try again.',
  invalidClient: 'This application is not connected to Gatehouse, or it is disabled.',
  invalidRedirectUri: 'The application asked for an answer at an address it did not register.',
  accessDenied: 'You are not allowed to use this service.',
  serverError: 'Something went wrong on our side. Please try again.',
  returnToService: 'Return to the application',
  tooManyFailures: 'Too many failed requests from this address. Wait a minute and try again.',
  logoutQuestion: 'Do you want to log out?',
  logoutYes: 'Yes, log me out',
  logoutNo: 'No, stay logged in',
  consentTitle: 'Allow access to your account?',
  consentIntro: 'This application asks to:',
  consentAllow: 'Allow',
  consentDeny: 'Deny',
  consentDenied: 'You did not allow this application to use your account.',
  /** What each scope lets a client learn, on the consent page. */
  scopes: {
    openid: 'Sign you in',
    profile: 'See your name and login ID',
    email: 'See your email address',
    groups: 'See your access policy group',
    offline_access: 'Stay connected when you are not using it',
  } as Record<string, string>,
  customScope: (scope: string) => `Use the permission "${scope}"`,
} as const;

export const LOCK_OUT_GUARD_MESSAGE = 'This change would leave the tenant without a Global Admin who can sign in.';

/** What the admin API (and the console, which shows them) answers when it refuses a caller. */
export const ADMIN_API_MESSAGES = {
  notSignedIn: 'Sign in first; your session may have expired.',
  notAnAdministrator: 'Forbidden: this account is not an administrator.',
  otpRequired:
    'Administrators must now sign in with a one-time password, and this session was opened without one. ' +
    'Log in again with OTP; if you have none yet, set it up first under OTP Settings in the portal.',
  manageUsers: 'Your role can view users but not change them.',
  manageSystem: 'Only a Global Admin can change access policies and domain settings.',
  ownOtp:
    'Set up your own OTP under OTP Settings in the portal (or ask a Global Admin): through the admin API, only a ' +
    'Global Admin can change their own OTP and emergency tokens.',
  ownAccount:
    "Only a Global Admin can change an administrator's account, your own included. Change your password and " +
    'OTP in the portal.',
  otherAdministrator: 'Only a Global Admin can change another administrator.',
} as const;

export const PORTAL_MESSAGES = {
  passwordChanged: 'Your password has been changed.',
  currentPasswordWrong: 'The current password is incorrect.',
  confirmationMismatch: 'The new password and its confirmation do not match.',
  newPasswordSameAsOld: 'The new password must differ from the current one.',
} as const;

/** What the admin API answers to a SAML signing key change it refuses (docs/saml-signing-keys.md). */
export const SAML_SIGNING_KEY_MESSAGES = {
  manageSystem: 'Only a Global Admin can change SAML signing certificates.',
  notFound: 'No such SAML signing certificate in this tenant.',
  nextExists: 'A new certificate is already prepared: activate it or retire it before preparing another.',
  notPrepared:
    'Only a prepared certificate can be activated: prepare a new one, let the service providers load it, then ' +
    'activate it.',
  alreadyActive: 'This certificate is already the active one.',
  retireActive: 'The active signing certificate cannot be retired: prepare and activate a new one first.',
  alreadyRetired: 'This signing certificate is already retired.',
} as const;

/** What the admin API answers to an OpenID Provider signing key change it refuses (docs/oidc-signing-keys.md). */
export const OIDC_SIGNING_KEY_MESSAGES = {
  manageSystem: 'Only a Global Admin can change OpenID Connect signing keys.',
  notFound: 'No such OpenID Connect signing key in this tenant.',
  nextExists: 'A new signing key is already prepared: activate it or retire it before preparing another.',
  notPrepared:
    'Only a prepared signing key can be activated: prepare a new one, let the relying parties refresh the JWKS, ' +
    'then activate it.',
  alreadyActive: 'This signing key is already the active one.',
  retireActive: 'The active signing key cannot be retired: prepare and activate a new one first.',
  alreadyRetired: 'This signing key is already retired.',
} as const;

/** What /metrics answers to a reader the operator did not configure (docs/metrics.md). */
export const METRICS_MESSAGES = {
  forbidden: 'Metrics are served only with the token of METRICS_TOKEN or to the addresses of METRICS_ALLOW.',
} as const;

/** Passkeys in the portal (issue 12): what the Passkeys page says, and why a ceremony or a change was refused. */
export const PASSKEY_MESSAGES = {
  added: 'Passkey added.',
  renamed: 'Passkey renamed.',
  removed: 'Passkey removed.',
  duplicateName: (name: string) => `You already have a passkey named "${name}". Choose another name.`,
  notFound: 'This passkey does not exist, or it is not yours.',
  ownPasskeysInPortal:
    "Remove your own passkeys on the portal's Passkeys page (or ask a Global Admin): through the admin API, only a " +
    'Global Admin can remove their own.',
  notFoundForAdmin: 'This user has no such passkey: it may have been removed already.',
  alreadyRegistered: 'This passkey is already registered.',
  signInAgainToRemove: 'To remove a passkey, log in again: removing one needs a login within the last 5 minutes.',
  challengeUnknown: 'This passkey request is unknown or was already used. Start again with "Add a passkey".',
  challengeExpired: 'This passkey request has expired. Start again with "Add a passkey".',
  malformedClientData: 'The passkey response could not be read: its client data is not valid JSON.',
  malformedAttestation: 'The passkey response could not be read: its attestation object is not valid CBOR.',
  wrongCeremony: 'The passkey response is not the answer to a registration.',
  wrongOrigin: (origin: string, expected: string) =>
    `The passkey response came from another site (${origin}); passkeys are created on ${expected} only.`,
  wrongRpId: (rpId: string) => `The passkey was created for another site: its relying party ID is not "${rpId}".`,
  unsupportedAlgorithm: 'The passkey uses a signature algorithm that Gatehouse does not accept (only ES256 and RS256).',
  userNotPresent: 'The authenticator did not confirm that you were present.',
  userNotVerified: 'Your Access Policy Group requires a passkey that verifies you (a PIN or biometrics).',
  notVerified: 'The passkey response could not be verified.',
  tooManyRequests: 'Too many passkey requests are waiting. Please wait a few minutes and try again.',
  notAllowedForGroup: 'Passkeys are not allowed for your Access Policy Group, so you cannot add one.',
  flagged: 'Flagged',
  flaggedExplanation:
    "This passkey's signature counter went backwards at a login, which may mean it was copied. If you don't recognise this, remove it.",
} as const;

/** Using a passkey at the OTP step (issue 12): each refusal says what went wrong and what to do. */
export const PASSKEY_SIGN_IN_MESSAGES = {
  notAllowedForGroup: 'Passkeys are not allowed for your Access Policy Group. Enter a one-time password instead.',
  challengeUnknown: 'This passkey request is unknown, was already used, or belongs to another login. Try again.',
  challengeExpired: 'This passkey request has expired. Try again.',
  malformed: 'The passkey response could not be read.',
  wrongCeremony: 'The passkey response is not the answer to a login.',
  wrongOrigin: 'The passkey response came from another site.',
  wrongRpId: 'The passkey was created for another site.',
  unknownCredential: 'This passkey is not registered to your account.',
  notVerified: 'The passkey could not be verified.',
  tooManyRequests: 'Too many passkey requests are waiting. Please wait a few minutes and try again.',
  counterRegressed:
    'This passkey reported a signature counter that went backwards, which may mean it was copied. It cannot be used to log in; ask an administrator.',
} as const;

/**
 * **Sign in with a passkey** on the login page (issue 12). A passkey that names no account, another account, or a
 * disabled one gets one and the same answer, as a disabled account gets the wrong-password text at the password.
 */
export const PASSWORDLESS_SIGN_IN_MESSAGES = {
  notAllowedForGroup:
    'Sign-in without a password is not allowed for your Access Policy Group. Log in with your login ID and password.',
  notRecognized: 'This passkey cannot be used to log in here. Log in with your login ID and password.',
  tooManyRequests: 'Too many passkey requests from your network. Please wait a few minutes and try again.',
  userNotVerified:
    'Signing in without a password needs a passkey that verifies you (a PIN or biometrics). Try again, or log in with your login ID and password.',
} as const;

/** Phishing-resistant sign-in for admins (issue 12 item 3b, SPEC §3.4): what the server says when the rule refuses. */
export const ADMIN_PASSKEY_MESSAGES = {
  sessionWithoutPasskey:
    'Administrators must now sign in with a passkey, and this session was opened without one. Log in again and ' +
    'choose "Use a passkey".',
  passkeyOnly:
    'Administrators must sign in with a passkey: one-time passwords and emergency tokens are not accepted. Use a passkey.',
  noPasskey:
    'Administrators must sign in with a passkey, and you have none, nor a one-time password or an emergency token ' +
    'to add one with. Ask an administrator for OTP emergency tokens (or a Global Admin to set "Phishing-resistant ' +
    'sign-in for admins" to Not required), then log in again.',
  requiredNowRefused: (count: number, loginIds: readonly string[]) =>
    `Phishing-resistant sign-in cannot be required now: ${count} ${count === 1 ? 'admin has' : 'admins have'} ` +
    `no passkey yet (${loginIds.join(', ')}${count > loginIds.length ? ', ...' : ''}). Schedule it with ` +
    '"Required from" instead, or wait until every admin has added a passkey.',
  recoverLifted:
    'Phishing-resistant sign-in for admins is now Not required (an emergency token cannot pass it). Once this ' +
    'admin has added a passkey, require it again under System > Domain Settings.',
  lastPasskey:
    'This is the last passkey of an administrator who must sign in with a passkey: removing it would shut them ' +
    'out. Add another passkey first, or set "Phishing-resistant sign-in for admins" to Not required.',
} as const;
