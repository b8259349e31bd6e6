import { describe, expect, it } from 'vitest';
import { createTokenService } from './tokens.js';

describe('tokens', () => {
  it('verifies its own tokens, refuses others, and stops accepting a cached token once it expires', async () => {
    let now = new Date('2026-01-01T00:00:00Z');
    const tokens = createTokenService('s'.repeat(40), 60, () => now);
    const token = await tokens.sign({ id: 'u1', role: 'seller' });
    expect(await tokens.verify(token)).toMatchObject({ userId: 'u1', role: 'seller' });
    expect(await tokens.verify(token)).toMatchObject({ userId: 'u1' });
    expect(await createTokenService('t'.repeat(40), 60, () => now).verify(token)).toBeNull();
    expect(await tokens.verify(`${token}x`)).toBeNull();
    now = new Date('2026-01-01T00:01:01Z');
    expect(await tokens.verify(token)).toBeNull();
  });
});
