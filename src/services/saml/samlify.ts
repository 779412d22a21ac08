import samlify from 'samlify';

/**
 * samlify as Gatehouse uses it: every import of samlify goes through here, so that no SAML message is ever read
 * without schema validation. The validator (libxml2 compiled to JavaScript, so no Java and nothing to download) is
 * 4 MB of code: it is loaded at the first validation, not when every server starts.
 */
samlify.setSchemaValidator({
  validate: async (xml: string) => (await import('@authenio/samlify-node-xmllint')).validate(xml),
});

/**
 * Loads and runs the schema validator once. Its first run compiles the WebAssembly module and the SAML schemas in
 * one uninterrupted block of seconds, during which the server answers nobody; a server with SAML services does it
 * before it listens, instead of at its first sign-on.
 */
export async function warmSchemaValidator(): Promise<void> {
  const { validate } = await import('@authenio/samlify-node-xmllint');
  await validate(
    '<samlp:LogoutResponse xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_warm" Version="2.0"' +
      ' IssueInstant="2026-01-01T00:00:00Z"><samlp:Status><samlp:StatusCode' +
      ' Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status></samlp:LogoutResponse>',
  );
}

export { samlify };
