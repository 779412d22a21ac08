import type { SamlPreset, SamlSettings } from '@contract/admin-api';

/** A value typed for a preset's placeholder: a DNS label, a slug or an id, as the server's presets expect. */
export const PLACEHOLDER_VALUE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,252}$/;

/** The preset's settings with each `{key}` replaced by its typed value (core/sso/saml-presets.ts fills alike). */
export function fillPreset(preset: SamlPreset, values: Readonly<Record<string, string>>): SamlSettings {
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
