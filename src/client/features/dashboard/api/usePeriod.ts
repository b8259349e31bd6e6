import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { addDays, resolvePeriod, startOfDay, type Period, type PeriodChoice, type PeriodKey } from './periods.js';

const KEYS: readonly PeriodKey[] = ['today', 'yesterday', '7d', '30d', 'custom'];

/**
 * The dashboard's period, kept in the address (`?period=yesterday`, or `?period=custom&first=…&last=…`)
 * so a reload or a shared link shows the same one. Presets follow the clock: at midnight "Today"
 * becomes the new day.
 */
export function usePeriod(): { choice: PeriodChoice; period: Period; choose: (choice: PeriodChoice) => void } {
  const [params, setParams] = useSearchParams();
  const today = useToday();
  const asked = params.get('period');
  const key = KEYS.includes(asked as PeriodKey) ? (asked as PeriodKey) : 'today';
  const firstDay = params.get('first') ?? undefined;
  const lastDay = params.get('last') ?? undefined;
  const choice = useMemo<PeriodChoice>(() => ({ key, firstDay, lastDay }), [key, firstDay, lastDay]);
  const period = useMemo(() => resolvePeriod(choice, today), [choice, today]);
  const choose = (next: PeriodChoice) => {
    const fresh = new URLSearchParams(params);
    for (const name of ['period', 'first', 'last']) fresh.delete(name);
    if (next.key !== 'today') fresh.set('period', next.key);
    if (next.key === 'custom') {
      if (next.firstDay) fresh.set('first', next.firstDay);
      if (next.lastDay) fresh.set('last', next.lastDay);
    }
    setParams(fresh, { replace: true });
  };
  return { choice, period, choose };
}

/** The start of the local day, renewed when the next one begins. */
function useToday(): Date {
  const [today, setToday] = useState(() => startOfDay(new Date()));
  useEffect(() => {
    const timer = window.setTimeout(() => setToday(startOfDay(new Date())), addDays(today, 1).getTime() - Date.now() + 50);
    return () => window.clearTimeout(timer);
  }, [today]);
  return today;
}
