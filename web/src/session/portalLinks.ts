/** Pages of the user portal that the console points to. */
export const portalOtpSettingsUrl = (domain: string) => `/portal/${encodeURIComponent(domain)}/otp`;
/** The login page, which brings the admin back to `next` (a console path) afterwards. */
export const portalLoginUrl = (domain: string, next: string) =>
  `/portal/${encodeURIComponent(domain)}/login?next=${encodeURIComponent(next)}`;
/** The portal's Passkeys page, where an admin adds the passkey that phishing-resistant sign-in asks for. */
export const portalPasskeysUrl = (domain: string) => `/portal/${encodeURIComponent(domain)}/passkeys`;
