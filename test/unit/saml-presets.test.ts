// Presets of well-known service providers (issue 9 item 3): each is complete, its placeholders are declared, and
// filled with its examples it is a valid service.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newSubjectSalt, pairwisePersistentId } from '../../src/core/sso/pairwise-id.js';
import { fillSamlPreset } from '../../src/core/sso/saml-preset-fill.js';
import { findSamlPreset, SAML_PRESET_KEYS, SAML_PRESETS } from '../../src/core/sso/saml-presets.js';
import { DEFAULT_SAML_SETTINGS, validateSamlSettings } from '../../src/core/sso/saml-settings.js';

const placeholdersIn = (text: string) => [...text.matchAll(/\{([a-z-]+)\}/g)].map((match) => match[1]);

describe('SAML presets', () => {
  it('offers the eight services of the issue, each once', () => {
    assert.deepEqual(
      SAML_PRESETS.map((preset) => preset.name),
      [
        'Google Workspace',
        'Microsoft 365 (Entra ID SAML federation)',
        'Salesforce',
        'Slack',
        'Zoom',
        'Box',
        'AWS IAM Identity Center',
        'GitHub Enterprise Cloud',
      ],
    );
    assert.deepEqual(
      SAML_PRESETS.map((preset) => preset.key),
      [...SAML_PRESET_KEYS],
    );
  });

  for (const preset of SAML_PRESETS) {
    it(`${preset.name}: declares exactly the placeholders its templates use, and says what to set on its side`, () => {
      const templates = [preset.saml.entityId, preset.saml.sloUrl, ...preset.saml.acsUrls.map((acs) => acs.url)];
      const used = new Set(templates.flatMap(placeholdersIn));
      assert.deepEqual(new Set(preset.placeholders.map((p) => p.key)), used);
      assert.ok(preset.help.length >= 2 && preset.help.every((line) => line.length > 20));
      assert.match(preset.documentation, /^https:\/\//);
    });

    it(`${preset.name}: filled with its examples, is a valid service; left unfilled, names the placeholder`, () => {
      const examples = Object.fromEntries(preset.placeholders.map((p) => [p.key, p.example]));
      const filled = fillSamlPreset(preset, examples);
      const settings = validateSamlSettings(filled, DEFAULT_SAML_SETTINGS);
      for (const [key, example] of Object.entries(examples)) {
        assert.ok(
          [settings.entityId, ...settings.acsUrls.map((acs) => acs.url)].some((text) => text.includes(example)),
          `{${key}} was filled`,
        );
      }
      const [first] = preset.placeholders;
      if (first) {
        assert.throws(
          () => validateSamlSettings(fillSamlPreset(preset, {}), DEFAULT_SAML_SETTINGS),
          new RegExp(`still contains the placeholder \\{${first.key}\\}: replace it with your own value`),
        );
      }
    });
  }

  it('fills only values that cannot change the shape of a URL', () => {
    const google = findSamlPreset('google-workspace');
    assert.ok(google);
    assert.equal(
      fillSamlPreset(google, { domain: ' example.org ' }).acsUrls[0]?.url,
      'https://www.google.com/a/example.org/acs',
    );
    for (const sneaky of ['evil.example/x?', 'a b', 'x#y', '../admin', ''])
      assert.equal(
        fillSamlPreset(google, { domain: sneaky }).acsUrls[0]?.url,
        'https://www.google.com/a/{domain}/acs',
        sneaky,
      );
  });
});

describe('pairwise persistent NameID', () => {
  it('is stable for a user at a service, differs between services and users, and fits 64 characters', () => {
    const [serviceA, serviceB] = [newSubjectSalt(), newSubjectSalt()];
    const id = pairwisePersistentId(serviceA, 'user-1');
    assert.equal(pairwisePersistentId(serviceA, 'user-1'), id);
    assert.notEqual(pairwisePersistentId(serviceB, 'user-1'), id);
    assert.notEqual(pairwisePersistentId(serviceA, 'user-2'), id);
    assert.match(id, /^[A-Za-z0-9_-]{43}$/);
  });
});
