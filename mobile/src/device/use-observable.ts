import { useEffect, useState } from 'react';
import type { Subscribable } from './citizen-view.ts';

export function useObservable<T>(source: Subscribable<T> | undefined, initial: T): T {
  const [value, setValue] = useState<T>(initial);
  useEffect(() => {
    if (!source) return;
    const subscription = source.subscribe(setValue);
    return () => subscription.unsubscribe();
  }, [source]);
  return value;
}
