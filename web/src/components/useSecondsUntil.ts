import { useEffect, useState } from 'react';

/** Whole seconds left until `iso` (0 once it has passed), re-rendering every second until then. */
export function useSecondsUntil(iso: string): number {
  const deadline = Date.parse(iso);
  const [tick, setTick] = useState(0);
  const secondsLeft = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));

  useEffect(() => {
    if (secondsLeft === 0) return;
    const timer = window.setTimeout(() => setTick((n) => n + 1), 1000);
    return () => window.clearTimeout(timer);
    // `tick` re-arms the timer after each second; `secondsLeft` alone could repeat a value.
  }, [tick, deadline, secondsLeft === 0]);

  return secondsLeft;
}
