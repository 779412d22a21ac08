import { Burger, Group, Text, Title } from '@mantine/core';
import { useSession } from '../session/Session';
import { LogoutForm } from './LogoutForm';

export function ConsoleHeader({ navbarOpened, onToggleNavbar }: { navbarOpened: boolean; onToggleNavbar: () => void }) {
  const { domain, me } = useSession();
  return (
    <Group h="100%" px="md" justify="space-between" wrap="nowrap">
      <Group gap="sm" wrap="nowrap">
        <Burger opened={navbarOpened} onClick={onToggleNavbar} hiddenFrom="sm" size="sm" aria-label="Toggle menu" />
        <Title order={1} size="h3">
          Gatehouse
        </Title>
        <Text c="dimmed">{domain}</Text>
      </Group>
      <Group gap="sm" wrap="nowrap">
        <Text size="sm">{me.user.loginId}</Text>
        <LogoutForm />
      </Group>
    </Group>
  );
}
