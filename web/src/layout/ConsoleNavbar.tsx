import { NavLink, Stack, Text } from '@mantine/core';
import { useRouter } from '../routing/Router';
import { useLinkProps } from '../routing/useLinkProps';
import { isActiveItem, navigationSections, type NavigationItem } from './navigation';

export function ConsoleNavbar({ onNavigate }: { onNavigate: () => void }) {
  const { path } = useRouter();
  return (
    <nav aria-label="Console menu">
      <Stack gap="md">
        {navigationSections.map((section) => (
          <div key={section.label}>
            <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" mb={4}>
              {section.label}
            </Text>
            {section.items.map((item) => (
              <NavigationLink key={item.path} item={item} active={isActiveItem(item, path)} onNavigate={onNavigate} />
            ))}
          </div>
        ))}
      </Stack>
    </nav>
  );
}

function NavigationLink({
  item,
  active,
  onNavigate,
}: {
  item: NavigationItem;
  active: boolean;
  onNavigate: () => void;
}) {
  const { href, onClick } = useLinkProps(item.path);
  return (
    <NavLink
      href={href}
      label={item.label}
      active={active}
      aria-current={active ? 'page' : undefined}
      onClick={(event) => {
        onClick(event);
        onNavigate();
      }}
    />
  );
}
