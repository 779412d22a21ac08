import type { PolicyCheckResult } from '@contract/admin-api';
import { Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { PolicyCheckForm } from './PolicyCheckForm';
import { PolicyCheckResultView } from './PolicyCheckResultView';

/** Access Control > Policy Check: what a sign-in with given facts would do, and which setting decided. */
export function PolicyCheckPage() {
  const [result, setResult] = useState<PolicyCheckResult | null>(null);
  return (
    <Stack maw={900}>
      <Title order={2}>Policy Check</Title>
      <Text c="dimmed" size="sm">
        Shows what a sign-in with these facts would do, and which setting decides. Nothing is written and nobody is
        signed in.
      </Text>
      <PolicyCheckForm onResult={setResult} />
      {result && <PolicyCheckResultView result={result} />}
    </Stack>
  );
}
