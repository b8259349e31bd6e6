import type { TokenStorage } from './tokenStore.js';

const KEY = 'shopwire.visitor';

/**
 * This browser's random id for itself, kept in its storage: presence counts a browser once across
 * its tabs and reconnects while nobody is signed in. It names no person and is never shown.
 */
export function browserVisitorId(storage: () => TokenStorage, random: () => string = () => crypto.randomUUID()): () => string | undefined {
  return () => {
    try {
      const store = storage();
      const known = store.getItem(KEY);
      if (known) return known;
      const made = random();
      store.setItem(KEY, made);
      return made;
    } catch {
      // Storage refused (private mode, quota): the connection counts as its own visitor.
      return undefined;
    }
  };
}
