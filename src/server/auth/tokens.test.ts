import { describe, expect, it, vi } from 'vitest';
import { noRevocations } from './revocations.js';
import { createTokenService } from './tokens.js';

const secret = 's'.repeat(40);
const now = () => new Date('2026-01-01T00:00:00Z');

it('asks whether the user exists once per token, not once per call', async () => {
  const isUser = vi.fn(() => Promise.resolve(true));
  const tokens = createTokenService(secret, 60, now, noRevocations, isUser);
  const token = await tokens.sign({ id: 'u1', role: 'buyer' });
  for (let i = 0; i < 5; i++) expect(await tokens.verify(token)).toMatchObject({ userId: 'u1', role: 'buyer' });
  expect(isUser).toHaveBeenCalledTimes(1);
  expect(isUser).toHaveBeenCalledWith(expect.objectContaining({ userId: 'u1', role: 'buyer' }));
});

it('refuses a well-signed token for a user it does not have, and does not keep it as verified', async () => {
  let exists = false;
  const tokens = createTokenService(secret, 60, now, noRevocations, () => Promise.resolve(exists));
  const token = await tokens.sign({ id: 'ghost', role: 'seller' });
  expect(await tokens.verify(token)).toBeNull();
  expect(await tokens.verify(token)).toBeNull();
  exists = true;
  expect(await tokens.verify(token)).toMatchObject({ userId: 'ghost' });
});

describe('tokens', () => {
  it('verifies its own tokens, refuses others, and stops accepting a cached token once it expires', async () => {
    let at = new Date('2026-01-01T00:00:00Z');
    const tokens = createTokenService('s'.repeat(40), 60, () => at);
    const token = await tokens.sign({ id: 'u1', role: 'seller' });
    expect(await tokens.verify(token)).toMatchObject({ userId: 'u1', role: 'seller' });
    expect(await tokens.verify(token)).toMatchObject({ userId: 'u1' });
    expect(await createTokenService('t'.repeat(40), 60, () => at).verify(token)).toBeNull();
    expect(await tokens.verify(`${token}x`)).toBeNull();
    at = new Date('2026-01-01T00:01:01Z');
    expect(await tokens.verify(token)).toBeNull();
  });
});
