import { useEffect, useRef, useState } from 'react';

/**
 * Returns `value`, updated at most every `intervalMs` (the latest value always lands). Results
 * stream in every few frames; redrawing a 10,000-point Plotly figure that often would stall the tab.
 */
export function useThrottled<T>(value: T, intervalMs: number): T {
  const [shown, setShown] = useState(value);
  const lastUpdate = useRef(0);
  useEffect(() => {
    const wait = lastUpdate.current + intervalMs - performance.now();
    if (wait <= 0) {
      lastUpdate.current = performance.now();
      setShown(value);
      return;
    }
    const timer = setTimeout(() => {
      lastUpdate.current = performance.now();
      setShown(value);
    }, wait);
    return () => clearTimeout(timer);
  }, [value, intervalMs]);
  return shown;
}
