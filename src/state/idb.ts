/**
 * A key–value store in IndexedDB (one database, one object store), for autosaved sessions.
 * Plain IndexedDB in a few lines rather than a dependency; values are structured-cloned.
 */

export const DB_NAME = 'operando-workbench';
export const STORE = 'sessions';

let opening: Promise<IDBDatabase> | null = null;

function openDb(): Promise<IDBDatabase> {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    if (typeof indexedDB === 'undefined') {
      reject(new Error('this browser has no IndexedDB (private mode?)'));
      return;
    }
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB could not be opened'));
  });
  // A failed open is retried next time instead of failing forever.
  opening.catch(() => {
    opening = null;
  });
  return opening;
}

async function withStore<T>(
  mode: IDBTransactionMode,
  fn: (store: IDBObjectStore) => IDBRequest<T>,
): Promise<T> {
  const db = await openDb();
  return new Promise<T>((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const request = fn(tx.objectStore(STORE));
    tx.oncomplete = () => resolve(request.result);
    tx.onerror = () => reject(tx.error ?? request.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

export const idbGet = (key: string): Promise<unknown> => withStore('readonly', (s) => s.get(key));
export const idbSet = (key: string, value: unknown): Promise<IDBValidKey> =>
  withStore('readwrite', (s) => s.put(value, key));
export const idbDelete = (key: string): Promise<undefined> => withStore('readwrite', (s) => s.delete(key));
