import { describe, expect, it } from 'vitest';
import { clientAddress } from './clientAddress.js';

const req = (forwardedFor?: string | string[]) =>
  ({ headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor }, socket: { remoteAddress: '10.0.0.2' } }) as unknown as Parameters<typeof clientAddress>[0];

describe('clientAddress', () => {
  it('is the socket peer unless the proxy is trusted', () => {
    expect(clientAddress(req('203.0.113.7'), false)).toBe('10.0.0.2');
    expect(clientAddress(req(), true)).toBe('10.0.0.2');
  });
  it('behind a trusted proxy, is the right-most X-Forwarded-For entry: the one the proxy appended', () => {
    expect(clientAddress(req('198.51.100.9, 203.0.113.7'), true)).toBe('203.0.113.7');
    expect(clientAddress(req(' 203.0.113.7 '), true)).toBe('203.0.113.7');
    expect(clientAddress(req('198.51.100.9, 203.0.113.7, '), true)).toBe('203.0.113.7');
    expect(clientAddress(req(' , '), true)).toBe('10.0.0.2');
  });
});
