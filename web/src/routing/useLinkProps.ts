import type { MouseEvent } from 'react';
import { useRouter } from './Router';

/**
 * `href` and `onClick` for an anchor that navigates inside the console without reloading the page,
 * while modified clicks (new tab, new window) keep the browser's behaviour.
 */
export function useLinkProps(to: string) {
  const router = useRouter();
  return {
    href: router.href(to),
    onClick: (event: MouseEvent<HTMLElement>) => {
      if (event.defaultPrevented || event.button !== 0) return;
      if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      router.navigate(to);
    },
  };
}
