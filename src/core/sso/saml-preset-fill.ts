import type { SamlSettings } from './saml-settings.js';

/**
 * What a preset fills in (core/sso/saml-presets.ts), free of anything else so that the console runs the very same
 * code (through src/contract/admin-api/saml-preset-fill.ts) as the server.
 */
export interface FillablePreset {
  saml: SamlSettings;
}

/** A placeholder's value: a DNS label, a slug or an id, never anything that could change a URL's shape. */
export const PLACEHOLDER_VALUE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,252}$/;

/** The preset's settings with each `{key}` replaced by its value; a value left out keeps its placeholder. */
export function fillSamlPreset(preset: FillablePreset, values: Readonly<Record<string, string>>): SamlSettings {
  const fill = (template: string) =>
    template.replace(/\{([a-z-]+)\}/g, (placeholder, key: string) => {
      const value = values[key]?.trim();
      return value && PLACEHOLDER_VALUE.test(value) ? value : placeholder;
    });
  return {
    ...preset.saml,
    entityId: fill(preset.saml.entityId),
    acsUrls: preset.saml.acsUrls.map((acs) => ({ ...acs, url: fill(acs.url) })),
    sloUrl: fill(preset.saml.sloUrl),
  };
}
