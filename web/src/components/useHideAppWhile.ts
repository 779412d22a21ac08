import { useEffect } from 'react';

/**
 * While a modal is open, takes the rest of the console (#root; Mantine portals modals outside it) out of
 * focus order and of the accessibility tree, so assistive technology and role queries see only the dialog.
 */
export function useHideAppWhile(active: boolean): void {
  useEffect(() => {
    const app = document.getElementById('root');
    if (!active || !app) return;
    app.inert = true;
    app.setAttribute('aria-hidden', 'true');
    return () => {
      app.inert = false;
      app.removeAttribute('aria-hidden');
    };
  }, [active]);
}
