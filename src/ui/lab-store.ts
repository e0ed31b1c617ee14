// The student's labs in the browser's IndexedDB: one record per lab (its snapshot and what the
// lab list shows), and which lab was open last (localStorage), so a reload comes back to it.
// Every failure (private mode, quota, a damaged record) is a message, never a blank page.

export interface StoredLab {
  readonly id: string;
  /** Shown in the lab list: the scenario's name and params. */
  readonly title: string;
  /** Wall-clock ms of the last save. */
  readonly savedAt: number;
  /** A LabSnapshot (src/sim/lab-snapshot.ts), kept as a structured clone, not as text. */
  readonly snapshot: unknown;
}

export type StoredLabInfo = Omit<StoredLab, 'snapshot'>;

const DB_NAME = 'netsim';
const DB_VERSION = 1;
const LABS = 'labs';
const CURRENT_KEY = 'netsim.currentLab';

let opening: Promise<IDBDatabase> | null = null;
/** The database once open: a save then starts its transaction at once, inside the caller's task
 * (a save from `pagehide` must not wait for a later task, which an unloading page never runs). */
let opened: IDBDatabase | null = null;

function database(): Promise<IDBDatabase> {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    if (typeof indexedDB === 'undefined') {
      reject(new Error('IndexedDB is not available'));
      return;
    }
    const req = indexedDB.open(DB_NAME, DB_VERSION);
    req.onupgradeneeded = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains(LABS)) db.createObjectStore(LABS, { keyPath: 'id' });
    };
    req.onsuccess = () => {
      opened = req.result;
      resolve(req.result);
    };
    req.onerror = () => reject(req.error ?? new Error('IndexedDB open failed'));
  });
  opening.catch(() => (opening = null));
  return opening;
}

function request<T>(mode: IDBTransactionMode, run: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const start = (db: IDBDatabase): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const tx = db.transaction(LABS, mode);
      const req = run(tx.objectStore(LABS));
      // Resolve once the transaction commits: a save is only done when it is on disk.
      tx.oncomplete = () => resolve(req.result);
      tx.onerror = () => reject(tx.error ?? req.error ?? new Error('IndexedDB request failed'));
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
      // Nothing more goes in: commit now rather than when this task ends.
      tx.commit?.();
    });
  if (opened !== null) {
    try {
      return start(opened);
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  }
  return database().then(start);
}

/** Opens the database ahead of the first save, so that even a save from `pagehide` starts at once. */
export function openLabStore(): void {
  void database().catch(() => undefined);
}

export function saveLab(lab: StoredLab): Promise<void> {
  return request('readwrite', (s) => s.put(lab)).then(() => undefined);
}

export function readLab(id: string): Promise<StoredLab | null> {
  return request('readonly', (s) => s.get(id) as IDBRequest<StoredLab | undefined>).then((r) => r ?? null);
}

export function deleteLab(id: string): Promise<void> {
  return request('readwrite', (s) => s.delete(id)).then(() => undefined);
}

/** Every stored lab, most recently saved first (without their snapshots). */
export function listLabs(): Promise<StoredLabInfo[]> {
  return database().then(
    (db) =>
      new Promise<StoredLabInfo[]>((resolve, reject) => {
        const out: StoredLabInfo[] = [];
        const tx = db.transaction(LABS, 'readonly');
        const req = tx.objectStore(LABS).openCursor();
        req.onsuccess = () => {
          const cursor = req.result;
          if (cursor === null) return;
          const v = cursor.value as Partial<StoredLab>;
          if (typeof v.id === 'string') out.push({ id: v.id, title: String(v.title ?? v.id), savedAt: Number(v.savedAt ?? 0) });
          cursor.continue();
        };
        tx.oncomplete = () => resolve(out.sort((a, b) => b.savedAt - a.savedAt));
        tx.onerror = () => reject(tx.error ?? new Error('IndexedDB request failed'));
      }),
  );
}

export function currentLabId(): string | null {
  try {
    return localStorage.getItem(CURRENT_KEY);
  } catch {
    return null;
  }
}

export function rememberCurrentLab(id: string | null): void {
  try {
    if (id === null) localStorage.removeItem(CURRENT_KEY);
    else localStorage.setItem(CURRENT_KEY, id);
  } catch {
    // Storage refused (private mode): the lab still runs, it is just not reopened on reload.
  }
}

/** A fresh lab id: time-ordered and unique enough for one browser's labs. */
export function newLabId(): string {
  return `lab-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e9).toString(36)}`;
}
