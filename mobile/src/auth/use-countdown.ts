import { useEffect, useState } from 'react';

const TICK_MS = 1000;

/** Seconds left until `untilMs` (0 once passed), updated every second while counting. */
export function useCountdown(untilMs: number | undefined): number {
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    if (untilMs === undefined || untilMs <= Date.now()) return;
    const timer = setInterval(() => {
      setNow(Date.now());
      if (Date.now() >= untilMs) clearInterval(timer);
    }, TICK_MS);
    setNow(Date.now());
    return () => clearInterval(timer);
  }, [untilMs]);

  return untilMs === undefined ? 0 : Math.max(0, Math.ceil((untilMs - now) / TICK_MS));
}
