/** Pages of the user portal that the console points to. */
export const portalOtpSettingsUrl = (domain: string) => `/portal/${encodeURIComponent(domain)}/otp`;
