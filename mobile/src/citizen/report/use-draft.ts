import { useCallback, useEffect, useRef, useState } from 'react';
import { clearDraft, EMPTY_DRAFT, loadDraft, saveDraft, type Draft } from './draft-store.ts';

export interface DraftHandle {
  /** Undefined until the stored draft has been read back. */
  draft: Draft | undefined;
  update(change: (draft: Draft) => Draft): void;
  reset(): Promise<void>;
  /** Set when IndexedDB refused a write; the form still holds the data in memory. */
  saveError: unknown;
}

/** The draft in memory, written through to IndexedDB in order after every change. */
export function useDraft(owner: string): DraftHandle {
  const [draft, setDraft] = useState<Draft>();
  const [saveError, setSaveError] = useState<unknown>();
  const writes = useRef<Promise<void>>(Promise.resolve());
  const latest = useRef<Draft>(EMPTY_DRAFT);

  useEffect(() => {
    let live = true;
    loadDraft(owner)
      .catch(() => EMPTY_DRAFT)
      .then((stored) => {
        if (!live) return;
        latest.current = stored;
        setDraft(stored);
      });
    return () => {
      live = false;
    };
  }, [owner]);

  const persist = useCallback(
    (next: Draft | undefined) => {
      writes.current = writes.current
        .then(() => (next ? saveDraft(owner, next) : clearDraft(owner)))
        .then(() => setSaveError(undefined))
        .catch((err: unknown) => setSaveError(err));
      return writes.current;
    },
    [owner],
  );

  const update = useCallback(
    (change: (draft: Draft) => Draft) => {
      const next = change(latest.current);
      latest.current = next;
      setDraft(next);
      void persist(next);
    },
    [persist],
  );

  const reset = useCallback(async () => {
    latest.current = EMPTY_DRAFT;
    setDraft(EMPTY_DRAFT);
    await persist(undefined);
  }, [persist]);

  return { draft, update, reset, saveError };
}
