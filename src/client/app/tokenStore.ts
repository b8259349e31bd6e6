const KEY = 'shopwire.token';

export type TokenStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** Where other tabs' writes to the same storage are announced (the window, in the browser). */
export interface StorageEvents {
  addEventListener(type: 'storage', listener: (event: Pick<StorageEvent, 'key' | 'newValue'>) => void): void;
  removeEventListener(type: 'storage', listener: (event: Pick<StorageEvent, 'key' | 'newValue'>) => void): void;
}

export interface TokenStore {
  /** Read on every request and every socket (re)connect by the tRPC links. */
  getToken: () => string | null;
  setToken: (token: string | null) => void;
  subscribe: (listener: () => void) => () => void;
}

/** `storage` is a getter because merely touching `window.localStorage` throws where storage is blocked. */
export function createTokenStore(storage: () => TokenStorage, events: StorageEvents): TokenStore {
  const listeners = new Set<() => void>();

  function read(): string | null {
    try {
      return storage().getItem(KEY);
    } catch {
      return null; // storage blocked (private mode, policies): the session lasts until reload
    }
  }

  let current = read();

  return {
    getToken: () => current,
    setToken: (token) => {
      current = token;
      try {
        if (token) storage().setItem(KEY, token);
        else storage().removeItem(KEY);
      } catch {
        // keep the in-memory token; see read()
      }
      for (const listener of listeners) listener();
    },
    subscribe: (listener) => {
      listeners.add(listener);
      // Signing out in one tab signs out the others too.
      const onStorage = (event: Pick<StorageEvent, 'key' | 'newValue'>) => {
        if (event.key !== KEY) return;
        current = event.newValue;
        listener();
      };
      events.addEventListener('storage', onStorage);
      return () => {
        listeners.delete(listener);
        events.removeEventListener('storage', onStorage);
      };
    },
  };
}
