import type { Clock } from '../clock.js';

/** At most one typing signal per user and conversation in this window. */
export const TYPING_INTERVAL_MS = 2_000;

export interface TypingThrottle {
  /** Whether a typing signal from `userId` in `conversationId` may go out now (and, if so, notes it). */
  admit(conversationId: string, userId: string): boolean;
}

/**
 * A client calls `chat.typing` on every keystroke; others need to hear it once every couple of
 * seconds. State is per process: with several instances each throttles its own callers, so a
 * user typing through two instances may signal twice per window, which is harmless.
 */
export function createTypingThrottle(clock: Clock, intervalMs = TYPING_INTERVAL_MS): TypingThrottle {
  const lastSignal = new Map<string, number>();
  return {
    admit(conversationId, userId) {
      const now = clock.now().getTime();
      // Forget windows that are over, so the map holds only people typing right now.
      if (lastSignal.size > 1_000) for (const [key, at] of lastSignal) if (now - at >= intervalMs) lastSignal.delete(key);
      const key = `${conversationId}\u0000${userId}`;
      const last = lastSignal.get(key);
      if (last !== undefined && now - last < intervalMs) return false;
      lastSignal.set(key, now);
      return true;
    },
  };
}
