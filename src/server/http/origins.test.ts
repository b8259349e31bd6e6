import { describe, expect, it } from 'vitest';
import { isOriginAllowed, parseAllowedOrigins, requestOrigin } from './origins.js';

describe('parseAllowedOrigins', () => {
  it('reads a comma-separated list as browsers spell origins', () => {
    expect(parseAllowedOrigins(' https://Shop.Example.com:443/ ,http://localhost:5173')).toEqual(['https://shop.example.com', 'http://localhost:5173']);
  });
  it('reads * as any origin, and nothing as none beyond the server\'s own', () => {
    expect(parseAllowedOrigins('*')).toBe('*');
    expect(parseAllowedOrigins(undefined)).toEqual([]);
    expect(parseAllowedOrigins(' , ')).toEqual([]);
  });
  it('refuses what is not an origin', () => {
    for (const bad of ['shop.example.com', 'ftp://shop.example.com', 'https://shop.example.com/app', 'https://shop.example.com?x=1', 'https://user@shop.example.com']) {
      expect(() => parseAllowedOrigins(bad)).toThrow(/is not an origin/);
    }
  });
});

describe('isOriginAllowed', () => {
  const own = 'http://127.0.0.1:3000';
  it('allows requests without an Origin, the server\'s own origin, and listed ones', () => {
    expect(isOriginAllowed(undefined, [], own)).toBe(true);
    expect(isOriginAllowed(own, [], own)).toBe(true);
    expect(isOriginAllowed('https://shop.example.com', ['https://shop.example.com'], own)).toBe(true);
  });
  it('refuses others, a different port or scheme included', () => {
    expect(isOriginAllowed('http://127.0.0.1:5173', [], own)).toBe(false);
    expect(isOriginAllowed('http://shop.example.com', ['https://shop.example.com'], own)).toBe(false);
    expect(isOriginAllowed('null', ['https://shop.example.com'], own)).toBe(false);
  });
  it('allows anything with *', () => {
    expect(isOriginAllowed('null', '*', own)).toBe(true);
  });
});

describe('requestOrigin', () => {
  const req = (headers: Record<string, string>, encrypted = false) => ({ headers, socket: Object.assign(Object.create(null) as object, encrypted ? { encrypted } : {}) }) as Parameters<typeof requestOrigin>[0];
  it('is the Host the client addressed, over http or TLS', () => {
    expect(requestOrigin(req({ host: 'Shop.Example.com' }), false)).toBe('http://shop.example.com');
    expect(requestOrigin(req({ host: 'shop.example.com' }, true), false)).toBe('https://shop.example.com');
  });
  it('believes X-Forwarded-Proto only from a trusted proxy', () => {
    expect(requestOrigin(req({ host: 'shop.example.com', 'x-forwarded-proto': 'https' }), false)).toBe('http://shop.example.com');
    expect(requestOrigin(req({ host: 'shop.example.com', 'x-forwarded-proto': 'https, http' }), true)).toBe('https://shop.example.com');
  });
});
