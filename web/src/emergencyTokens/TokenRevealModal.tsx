import { Button, Code, Group, Modal, Text } from '@mantine/core';
import { useHideAppWhile } from '../components/useHideAppWhile';

/** Shows an emergency token in clear when it could not be put on the clipboard, so it can be copied by hand. */
export function TokenRevealModal({ token, onClose }: { token: string | null; onClose: () => void }) {
  useHideAppWhile(token !== null);
  return (
    <Modal opened={token !== null} onClose={onClose} title="Emergency token" centered>
      <Text mb="sm">The browser did not allow copying to the clipboard. Select the token and copy it by hand:</Text>
      <Code block fz="lg" aria-label="Emergency token" data-testid="revealed-token">
        {token}
      </Code>
      <Group justify="flex-end" mt="lg">
        <Button onClick={onClose}>Close</Button>
      </Group>
    </Modal>
  );
}
