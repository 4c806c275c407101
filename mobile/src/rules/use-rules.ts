import { useEffect, useState } from 'react';

export type Rules = typeof import('./rules.ts');

let loading: Promise<Rules> | undefined;

/** One lazy chunk for the rules, the coverage data and the hotlines; precached for offline. */
export function loadRules(): Promise<Rules> {
  loading ??= import('./rules.ts').catch((err: unknown) => {
    loading = undefined;
    throw err;
  });
  return loading;
}

export function useRules(): Rules | undefined {
  const [rules, setRules] = useState<Rules>();
  useEffect(() => {
    let live = true;
    void loadRules().then((loaded) => live && setRules(loaded));
    return () => {
      live = false;
    };
  }, []);
  return rules;
}
