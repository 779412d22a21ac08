import type { PolicyCheckQuery, PolicyCheckResult, User } from '@contract/admin-api';
import { Button, Checkbox, Group, NativeSelect, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { ApiError } from '../api/ApiError';
import { checkPolicy } from '../api/policyCheck';
import { listConnectedServices } from '../api/connectedServices';
import { useApiData } from '../api/useApiData';
import { useApiCall } from '../api/useApiCall';
import { ErrorAlert } from '../components/ErrorAlert';
import { formErrors } from '../components/formErrors';
import { localInputToIso } from '../components/localDateTime';
import { useSession } from '../session/Session';
import { findUserByLoginId } from './useUserSearch';
import { UserPicker } from './UserPicker';

const fields: readonly (keyof PolicyCheckQuery)[] = ['userId', 'ip', 'at', 'hasPass', 'passAgeDays', 'serviceId'];

/** The facts of an imagined sign-in: who, from where, when, and whether the browser holds an entrance pass. */
export function PolicyCheckForm({ onResult }: { onResult: (result: PolicyCheckResult | null) => void }) {
  const { api } = useSession();
  const [userText, setUserText] = useState('');
  const [user, setUser] = useState<User | null>(null);
  const [ip, setIp] = useState('');
  const [at, setAt] = useState('');
  const [hasPass, setHasPass] = useState(false);
  const [passAgeDays, setPassAgeDays] = useState('0');
  const [serviceId, setServiceId] = useState('');
  const services = useApiData(() => listConnectedServices(api), 'connected-services');
  const serviceOptions = [
    { value: '', label: 'Sign-in to Gatehouse' },
    ...(services.data?.items ?? []).map((service) => ({ value: service.id, label: service.name })),
  ];
  const { busy: checking, error, run } = useApiCall();
  const { fieldErrors, formMessage } = formErrors(error, fields);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    onResult(null);
    await run(async () => {
      const subject = user ?? (await findUserByLoginId(api, userText));
      if (!subject)
        throw new ApiError(400, 'validation_failed', `No user has the login ID "${userText.trim()}".`, 'userId');
      setUser(subject);
      const request: PolicyCheckQuery = { userId: subject.id, ip: ip.trim(), hasPass };
      const when = localInputToIso(at);
      if (when) request.at = when;
      if (hasPass && passAgeDays.trim() !== '') request.passAgeDays = Number(passAgeDays);
      if (serviceId) request.serviceId = serviceId;
      onResult(await checkPolicy(api, request));
    });
  };

  return (
    <form onSubmit={submit}>
      <Stack maw={560}>
        <ErrorAlert error={formMessage} />
        <UserPicker
          text={userText}
          selected={user}
          error={fieldErrors.userId}
          onTextChange={setUserText}
          onSelect={setUser}
        />
        <TextInput
          label="IP address"
          placeholder="203.0.113.7"
          required
          withAsterisk={false}
          value={ip}
          error={fieldErrors.ip}
          onChange={(event) => setIp(event.currentTarget.value)}
        />
        <TextInput
          type="datetime-local"
          label="Date and time"
          description="In your browser's time zone. Leave empty for now."
          value={at}
          error={fieldErrors.at}
          onChange={(event) => setAt(event.currentTarget.value)}
        />
        <Checkbox
          label="Browser holds an entrance pass"
          checked={hasPass}
          error={fieldErrors.hasPass}
          onChange={(event) => setHasPass(event.currentTarget.checked)}
        />
        <TextInput
          type="number"
          label="Pass age (days)"
          description="How long ago the entrance pass was issued."
          min={0}
          step={1}
          disabled={!hasPass}
          value={passAgeDays}
          error={fieldErrors.passAgeDays}
          onChange={(event) => setPassAgeDays(event.currentTarget.value)}
        />
        <NativeSelect
          label="Service"
          description="A Connected Service: may the user use it, with OTP or not."
          data={serviceOptions}
          value={serviceId}
          error={fieldErrors.serviceId}
          onChange={(event) => setServiceId(event.currentTarget.value)}
        />
        <Group>
          <Button type="submit" loading={checking}>
            Check
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
