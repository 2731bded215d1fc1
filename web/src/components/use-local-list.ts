"use client";

import { useCallback, useEffect, useState } from "react";
import { readList } from "../lib/local-records.ts";

/**
 * A list kept in `localStorage` under `key`, read after mount (the server has no storage), and
 * re-read when another tab changes it. `update` writes through and re-renders.
 *
 * @example
 * const added = useLocalList<string>(storageKeys.addedProviders);
 * added.update((storage) => upsertItem(storage, storageKeys.addedProviders, url, (a, b) => a === b));
 */
export function useLocalList<T>(key: string): {
  items: T[];
  loaded: boolean;
  update: (change: (storage: Storage) => T[]) => void;
} {
  const [items, setItems] = useState<T[]>([]);
  const [loaded, setLoaded] = useState(false);
  useEffect(() => {
    setItems(readList<T>(localStorage, key));
    setLoaded(true);
    const onStorage = (event: StorageEvent) => {
      if (event.key === key) setItems(readList<T>(localStorage, key));
    };
    window.addEventListener("storage", onStorage);
    return () => window.removeEventListener("storage", onStorage);
  }, [key]);
  const update = useCallback((change: (storage: Storage) => T[]) => {
    setItems(change(localStorage));
  }, []);
  return { items, loaded, update };
}
