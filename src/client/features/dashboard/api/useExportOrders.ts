import { useState } from 'react';
import type { OrderFilters } from '../../../../shared/orderFilters.js';
import { useToken } from '../../../app/sessionHooks.js';
import { exportQuery } from './orderFilterForm.js';

const EXPORT_PATH = '/api/export/orders.csv';

/**
 * Downloads the filtered orders as CSV. The sign-in token goes in the Authorization header, as on
 * every other call, never in the address (which lands in history, logs and Referer headers); so the
 * file is fetched here and handed to the browser as a blob. The server streams it; the browser
 * holds the finished file in memory until it is saved, which suits a shop's orders (5,000 of them
 * are about a megabyte).
 */
export function useExportOrders(shopId: string) {
  const token = useToken();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const download = async (filters: OrderFilters) => {
    setPending(true);
    setError(null);
    try {
      const response = await fetch(`${EXPORT_PATH}?${exportQuery(shopId, filters)}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
      if (!response.ok) throw new Error(await refusalText(response));
      const blob = await response.blob();
      const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'orders.csv';
      const url = URL.createObjectURL(blob);
      const link = Object.assign(document.createElement('a'), { href: url, download: name });
      document.body.append(link);
      link.click();
      link.remove();
      // Freed a while after the click: revoked at once, some browsers drop the download they just began.
      window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (cause) {
      setError(cause instanceof TypeError ? 'The export could not reach the server; try again when you are back online' : (cause as Error).message);
    } finally {
      setPending(false);
    }
  };
  return { download, pending, error };
}

async function refusalText(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: { message?: string } };
    if (body.error?.message) return body.error.message;
  } catch {
    // not our JSON: a proxy's page
  }
  return `The export failed (HTTP ${response.status})`;
}
