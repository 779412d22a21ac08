import { Checkbox, Loader, Stack, Text } from '@mantine/core';
import { listConnectedServices } from '../api/connectedServices';
import { useApiData } from '../api/useApiData';
import { ErrorAlert } from '../components/ErrorAlert';
import { serviceTypeLabels } from '../connectedServices/serviceLabels';
import { ConsoleLink } from '../routing/ConsoleLink';
import { routePaths } from '../routing/routes';
import { useSession } from '../session/Session';

interface AllowedServicesFieldProps {
  /** The ids of the connected services the group's users may sign in to. */
  value: string[];
  error?: string;
  onChange: (serviceIds: string[]) => void;
}

/** Allowed services (SPEC §4): which connected services the group's users may use. */
export function AllowedServicesField({ value, error, onChange }: AllowedServicesFieldProps) {
  const { api } = useSession();
  const services = useApiData(() => listConnectedServices(api), 'connected-services');
  return (
    <Stack gap="xs">
      <Checkbox.Group
        label="Allowed services"
        description="The connected services this group's users may sign in to through Gatehouse."
        value={value}
        error={error}
        onChange={onChange}
      >
        <Stack gap="xs" mt="xs">
          {services.data?.items.map((service) => (
            <Checkbox
              key={service.id}
              value={service.id}
              label={`${service.name} (${serviceTypeLabels[service.type]}${service.status === 'disabled' ? ', disabled' : ''})`}
            />
          ))}
        </Stack>
      </Checkbox.Group>
      {services.loading && !services.data && <Loader size="sm" aria-label="Loading services" />}
      <ErrorAlert error={services.error} />
      {services.data?.items.length === 0 && (
        <Text c="dimmed" size="sm">
          No connected services yet: add them under{' '}
          <ConsoleLink to={routePaths.serviceList}>Connected Services</ConsoleLink>.
        </Text>
      )}
    </Stack>
  );
}
