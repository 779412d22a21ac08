import { Alert, Code, Text } from '@mantine/core';

/** A password the server generated; it is not stored in clear, so this is the only time anyone sees it. */
export function OneTimePasswordNotice({ title, password }: { title: string; password: string }) {
  return (
    <Alert color="yellow" title={title}>
      <Code fz="md" aria-label="Generated password">
        {password}
      </Code>
      <Text size="sm" mt="xs">
        Note this password now and give it to the user: it will not be shown again.
      </Text>
    </Alert>
  );
}
