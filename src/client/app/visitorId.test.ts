import { expect, it } from 'vitest';
import { browserVisitorId } from './visitorId.js';

function memoryStorage() {
  const items = new Map<string, string>();
  return { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v), removeItem: (k: string) => void items.delete(k) };
}

it('makes one id per browser storage and keeps it', () => {
  const storage = memoryStorage();
  let n = 0;
  const id = browserVisitorId(() => storage, () => `visitor-${++n}-abcdef`);
  expect(id()).toBe('visitor-1-abcdef');
  expect(id()).toBe('visitor-1-abcdef');
  expect(browserVisitorId(() => storage, () => 'other-one-abcdef')()).toBe('visitor-1-abcdef');
});

it('gives no id when storage refuses, rather than failing the connection', () => {
  const refusing = () => {
    throw new Error('SecurityError');
  };
  expect(browserVisitorId(refusing)()).toBeUndefined();
});
