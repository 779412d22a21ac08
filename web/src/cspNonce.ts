/**
 * The per-response nonce the server writes into <meta name="csp-nonce">. The CSP allows <style> elements only
 * with this nonce, so Mantine must put it on the style tags it creates at runtime.
 */
export function readCspNonce(): string {
  return document.querySelector<HTMLMetaElement>('meta[name="csp-nonce"]')?.content ?? '';
}
