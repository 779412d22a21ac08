import type { PasswordPolicy } from '@contract/admin-api';

export const passwordPolicyOptions: { value: PasswordPolicy; label: string }[] = [
  { value: 'none', label: 'No restrictions' },
  { value: 'upper-lower-digit', label: 'Upper case, lower case and digits' },
  { value: 'upper-lower-digit-symbol', label: 'Upper case, lower case, digits and symbols' },
  { value: 'three-of-four', label: 'At least 3 of the 4 character classes' },
  { value: 'three-of-four-no-login-id', label: 'At least 3 of the 4 classes and not containing the login ID' },
];
