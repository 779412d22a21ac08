/**
 * Filling a preset's placeholders, the one function the console runs from the contract (not from its index, whose
 * schemas would bring TypeBox into the console's bundle): the server and the console fill presets alike.
 */
export { fillSamlPreset, PLACEHOLDER_VALUE } from '../../core/sso/saml-preset-fill.js';
