import { Text } from '@mantine/core';

/** "Saved." beside a form's button after a successful save. */
export function SavedStatus({ visible }: { visible: boolean }) {
  if (!visible) return null;
  return (
    <Text c="green" role="status">
      Saved.
    </Text>
  );
}
