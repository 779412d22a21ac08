import { Anchor, type AnchorProps } from '@mantine/core';
import type { ReactNode } from 'react';
import { useLinkProps } from './useLinkProps';

export function ConsoleLink({ to, children, ...anchorProps }: AnchorProps & { to: string; children: ReactNode }) {
  return (
    <Anchor {...anchorProps} {...useLinkProps(to)}>
      {children}
    </Anchor>
  );
}
