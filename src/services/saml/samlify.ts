import samlify from 'samlify';

/**
 * samlify as Gatehouse uses it: every import of samlify goes through here, so that no SAML message is ever read
 * without schema validation. The validator (libxml2 compiled to JavaScript, so no Java and nothing to download) is
 * 4 MB of code: it is loaded at the first validation, not when the server starts.
 */
samlify.setSchemaValidator({
  validate: async (xml: string) => (await import('@authenio/samlify-node-xmllint')).validate(xml),
});

export { samlify };
