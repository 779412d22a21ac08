import type { EmailSetup, OtpType } from '@contract/admin-api';
import { useState } from 'react';
import { EmailAddressStep } from './EmailAddressStep';
import { EmailCodeStep } from './EmailCodeStep';

interface EmailSetupFlowProps {
  userId: string;
  initialEmail: string;
  onEnabled: (otpType: OtpType) => void;
}

/** The Email choice: Email address + Confirm mails a code; One-Time Password + Confirm registers it. */
export function EmailSetupFlow({ userId, initialEmail, onEnabled }: EmailSetupFlowProps) {
  const [setup, setSetup] = useState<EmailSetup | null>(null);
  const [email, setEmail] = useState(initialEmail);
  // Why the admin is back at the address step, e.g. the code expired for good.
  const [notice, setNotice] = useState<string | null>(null);

  if (!setup) {
    return (
      <EmailAddressStep
        userId={userId}
        email={email}
        onEmailChange={setEmail}
        notice={notice}
        onSent={(sent) => {
          setNotice(null);
          setSetup(sent);
        }}
      />
    );
  }
  return (
    <EmailCodeStep
      key={setup.setupId}
      userId={userId}
      setup={setup}
      onResent={setSetup}
      onEnabled={onEnabled}
      onChangeAddress={() => setSetup(null)}
      onSetupGone={(message) => {
        setNotice(message);
        setSetup(null);
      }}
    />
  );
}
