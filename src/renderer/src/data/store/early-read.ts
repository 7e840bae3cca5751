import type { Contact } from '../../../../shared/contact';
import { applyPendingLabelOps } from './label-change';
import { DEFAULT_DB_NAME } from './name';

/**
 * Reads contacts straight from IndexedDB, started by the boot script before the app's code
 * (React, AG Grid, Dexie: ~1.6 MB) has even been fetched and parsed, so the two overlap. At 100k
 * contacts the full read takes ~1.1–1.9 s here and the code ~0.3–0.7 s; one after the other they
 * made the cold start 1.39× the bare read, overlapped they do not add up.
 *
 * Each read resolves to null when there is nothing to read yet (a new profile: the database is NOT
 * created here, Dexie creates it with its schema) or anything goes wrong; the app then reads through Dexie.
 *
 * Pending label ops (a bulk label change committed but not yet folded into the rows, e.g. the
 * window was reloaded right after it: data/store/label-ops.ts) are read in the same transaction and
 * applied to the rows returned, so the list shows the labels the user saw; the repository folds
 * them into the rows in the background. With none pending that is one read of an empty store.
 */
export interface EarlyReads {
  /** The contacts of the first-rows snapshot's ids that still exist; null without a snapshot. */
  firstRows: Promise<Contact[] | null>;
  /**
   * Every contact. Without snapshot ids the read starts at once; with them, on the first call:
   * the app calls once the snapshot's rows are painted. Started beside them, the full read held up
   * the first rows at 100k: the other reads (settings) queue behind it in IndexedDB, and its rows
   * are turned into objects on the main thread while the app's code loads and the grid mounts.
   *
   * Handed over once: this object keeps no hold on the contacts after the call (the boot script
   * keeps it for the page's lifetime, and at 1M contacts the rows it read are hundreds of MB once
   * the index has its own copies). A later call resolves to null.
   */
  all(): Promise<Contact[] | null>;
}

/** Every contact in one read (the start without a snapshot, and the tests of label ops). */
export function startEarlyContactRead(name: string = DEFAULT_DB_NAME): Promise<Contact[] | null> {
  return startEarlyReads(null, name).all();
}

/** The snapshot's contacts first (one transaction of a few dozen gets), then every contact, on one connection. */
export function startEarlyReads(snapshotIds: readonly string[] | null, name: string = DEFAULT_DB_NAME): EarlyReads {
  const opened = openExisting(name).finally(() => performance.mark('wintook:start:early-open'));
  const firstRows = snapshotIds
    ? opened
        .then((db) => (db ? readContacts(db, (store, rows) => readIds(store, snapshotIds, rows)) : null))
        .finally(() => performance.mark('wintook:start:early-rows'))
    : Promise.resolve(null);
  let all: Promise<Contact[] | null> | undefined;
  let handedOver = false;
  const readEvery = () => {
    if (!all) {
      all = opened.then((db) => (db ? readContacts(db, readAll) : null));
      void Promise.all([opened, firstRows, all]).then(([db]) => db?.close());
    }
    return all;
  };
  if (!snapshotIds) readEvery();
  const handOver = () => {
    if (handedOver) return Promise.resolve(null);
    handedOver = true;
    const read = readEvery();
    all = undefined;
    return read;
  };
  return { firstRows, all: handOver };
}

/** The database if it exists with a contacts table; never creates it. */
function openExisting(name: string): Promise<IDBDatabase | null> {
  return new Promise((resolve) => {
    let request: IDBOpenDBRequest;
    try {
      request = indexedDB.open(name);
    } catch {
      resolve(null);
      return;
    }
    // No database yet: abort, so the schema is Dexie's to create.
    request.onupgradeneeded = () => request.transaction?.abort();
    request.onerror = () => resolve(null);
    request.onblocked = () => resolve(null);
    request.onsuccess = () => {
      const db = request.result;
      db.onversionchange = () => db.close();
      if (db.objectStoreNames.contains('contacts')) resolve(db);
      else {
        db.close();
        resolve(null);
      }
    };
  });
}

type RowsReader = (store: IDBObjectStore, rows: Contact[]) => void;

/** Runs `read` over the contacts store in a transaction with the pending label ops, and applies them. */
function readContacts(db: IDBDatabase, read: RowsReader): Promise<Contact[] | null> {
  return new Promise((resolve) => {
    const withOps = db.objectStoreNames.contains('labelOps');
    let tx: IDBTransaction;
    try {
      tx = db.transaction(withOps ? ['contacts', 'labelOps'] : ['contacts'], 'readonly');
    } catch {
      resolve(null); // closed by a version change meanwhile
      return;
    }
    const rows: Contact[] = [];
    read(tx.objectStore('contacts'), rows);
    const ops = withOps ? tx.objectStore('labelOps').getAll() : null;
    tx.oncomplete = () => {
      try {
        resolve(ops && ops.result.length > 0 ? [...applyPendingLabelOps(rows, ops.result as unknown[])] : rows);
      } catch {
        // A malformed row (labels not a list) under a pending op: the rows as stored; the start
        // sets the malformed one aside (data/store/quarantine.ts) and the ops are folded later.
        resolve(rows);
      }
    };
    tx.onerror = () => resolve(null);
    tx.onabort = () => resolve(null);
  });
}

function readAll(store: IDBObjectStore, rows: Contact[]): void {
  const request = store.getAll();
  request.onsuccess = () => {
    for (const row of request.result as Contact[]) rows.push(row);
  };
}

/** The rows of `ids` that exist, in the ids' order (a missing one was deleted since the snapshot). */
function readIds(store: IDBObjectStore, ids: readonly string[], rows: Contact[]): void {
  const found = new Map<string, Contact>();
  ids.forEach((id, i) => {
    const request = store.get(id);
    request.onsuccess = () => {
      const row = request.result as Contact | undefined;
      if (row !== undefined) found.set(id, row);
      if (i < ids.length - 1) return;
      for (const wanted of ids) {
        const kept = found.get(wanted);
        if (kept !== undefined) rows.push(kept);
      }
    };
  });
}
