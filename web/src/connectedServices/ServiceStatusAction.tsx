import type { ConnectedService } from '@contract/admin-api';
import { Badge, Group, Text } from '@mantine/core';
import { updateConnectedService } from '../api/connectedServices';
import { ConfirmedActionButton } from '../components/ConfirmedActionButton';
import { useSession } from '../session/Session';
import { serviceStatusLabels } from './serviceLabels';

/** The service's status, and Disable / Enable: a disabled service signs nobody in, and keeps its settings. */
export function ServiceStatusAction({
  service,
  onChanged,
}: {
  service: ConnectedService;
  onChanged: (service: ConnectedService) => void;
}) {
  const { api, me } = useSession();
  const enabled = service.status === 'enabled';
  return (
    <Group>
      <Text>
        Status:{' '}
        <Badge variant="light" color={enabled ? 'green' : 'gray'} tt="none">
          {serviceStatusLabels[service.status]}
        </Badge>
      </Text>
      <ConfirmedActionButton
        label={enabled ? 'Disable' : 'Enable'}
        variant="default"
        disabled={!me.permissions.manageSystem}
        title={enabled ? 'Disable service' : 'Enable service'}
        message={
          enabled
            ? `Disable "${service.name}"? Nobody can sign in to it through Gatehouse until it is enabled again.`
            : `Enable "${service.name}"? Users of the groups that allow it can sign in to it again.`
        }
        confirmLabel={enabled ? 'Disable' : 'Enable'}
        danger={enabled}
        action={async () =>
          onChanged(await updateConnectedService(api, service.id, { status: enabled ? 'disabled' : 'enabled' }))
        }
      />
    </Group>
  );
}
