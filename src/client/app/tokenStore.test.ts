import { describe, expect, it, vi } from 'vitest';
import { createTokenStore, type StorageEvents, type TokenStorage } from './tokenStore.js';

function memoryStorage(initial: Record<string, string> = {}): TokenStorage & { data: Map<string, string> } {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
    removeItem: (key) => void data.delete(key),
  };
}

function fakeWindow(): StorageEvents & { fire: (key: string | null, newValue: string | null) => void; listenerCount: () => number } {
  const listeners = new Set<(event: { key: string | null; newValue: string | null }) => void>();
  return {
    addEventListener: (_type, listener) => void listeners.add(listener),
    removeEventListener: (_type, listener) => void listeners.delete(listener),
    fire: (key, newValue) => listeners.forEach((listener) => listener({ key, newValue })),
    listenerCount: () => listeners.size,
  };
}

const blocked = (): TokenStorage => {
  throw new Error('SecurityError: storage is blocked');
};

describe('token store', () => {
  it('starts from the stored token', () => {
    const store = createTokenStore(() => memoryStorage({ 'shopwire.token': 'abc' }), fakeWindow());
    expect(store.getToken()).toBe('abc');
  });

  it('persists a new token and notifies subscribers; null removes it', () => {
    const storage = memoryStorage();
    const store = createTokenStore(() => storage, fakeWindow());
    const listener = vi.fn();
    store.subscribe(listener);

    store.setToken('t1');
    expect(store.getToken()).toBe('t1');
    expect(storage.data.get('shopwire.token')).toBe('t1');
    expect(listener).toHaveBeenCalledTimes(1);

    store.setToken(null);
    expect(store.getToken()).toBeNull();
    expect(storage.data.has('shopwire.token')).toBe(false);
    expect(listener).toHaveBeenCalledTimes(2);
  });

  it('stops notifying after unsubscribe and drops its storage listener', () => {
    const events = fakeWindow();
    const store = createTokenStore(() => memoryStorage(), events);
    const listener = vi.fn();
    const unsubscribe = store.subscribe(listener);
    expect(events.listenerCount()).toBe(1);
    unsubscribe();
    store.setToken('t1');
    expect(listener).not.toHaveBeenCalled();
    expect(events.listenerCount()).toBe(0);
  });

  it("takes another tab's write to the token key, and ignores other keys", () => {
    const events = fakeWindow();
    const store = createTokenStore(() => memoryStorage({ 'shopwire.token': 'mine' }), events);
    const listener = vi.fn();
    store.subscribe(listener);

    events.fire('something.else', 'x');
    expect(store.getToken()).toBe('mine');
    expect(listener).not.toHaveBeenCalled();

    events.fire('shopwire.token', null); // signed out elsewhere
    expect(store.getToken()).toBeNull();
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('keeps the token in memory when storage is blocked', () => {
    const store = createTokenStore(blocked, fakeWindow());
    expect(store.getToken()).toBeNull();
    store.setToken('t1');
    expect(store.getToken()).toBe('t1');
  });

  it('keeps the token in memory when writing throws (quota)', () => {
    const storage = memoryStorage();
    storage.setItem = () => {
      throw new Error('QuotaExceededError');
    };
    const store = createTokenStore(() => storage, fakeWindow());
    const listener = vi.fn();
    store.subscribe(listener);
    store.setToken('t1');
    expect(store.getToken()).toBe('t1');
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('gives each store its own token', () => {
    const a = createTokenStore(() => memoryStorage(), fakeWindow());
    const b = createTokenStore(() => memoryStorage(), fakeWindow());
    a.setToken('a');
    expect(b.getToken()).toBeNull();
  });
});
