import { useEffect, useState } from 'react';
import { type AppSync } from '../data/api';

/**
 * A list read from the database while `open`, read again at every status the engine sends (a run
 * or a recount is when sync problems and conflicts change). `version` forces a read (after the
 * user acted on an entry). Answers that arrive after closing are dropped.
 */
export function useListOnStatus<T>(appSync: AppSync, open: boolean, load: (appSync: AppSync) => Promise<T[]>, version = 0): T[] {
  const [list, setList] = useState<T[]>([]);
  useEffect(() => {
    if (!open) return undefined;
    let live = true;
    const refresh = () => {
      void load(appSync).then((found) => {
        if (live) setList(found);
      });
    };
    refresh();
    const unsubscribe = appSync.engine.subscribe(refresh);
    return () => {
      live = false;
      unsubscribe();
    };
  }, [open, appSync, load, version]);
  return list;
}
