/** IANA time zones the browser knows, offered as suggestions; the server decides what it accepts. */
export const timeZoneSuggestions: string[] = [
  'UTC',
  ...Intl.supportedValuesOf('timeZone').filter((zone) => zone !== 'UTC'),
];
