import { useMemo } from 'react';
import { trpc } from '../../../app/trpc.js';
import { dayRange } from './bookingsLive.js';

export function useServices(shopId: string) {
  return trpc.service.list.useQuery({ shopId });
}

export function useCreateService(shopId: string) {
  const utils = trpc.useUtils();
  return trpc.service.create.useMutation({ onSuccess: () => void utils.service.list.invalidate({ shopId }) });
}

/** The service's slots on one local day, still ahead, each free or taken. */
export function useSlots(serviceId: string | null, day: string) {
  const span = useMemo(() => dayRange(day), [day]);
  return trpc.service.slots.useQuery({ serviceId: serviceId ?? '', ...span }, { enabled: serviceId !== null });
}

export function useBookSlot() {
  const utils = trpc.useUtils();
  return trpc.booking.create.useMutation({
    // Taken or not, the slots shown may be stale now: read them again.
    onSettled: () => void utils.service.slots.invalidate(),
    onSuccess: () => void utils.booking.listMine.invalidate(),
  });
}
