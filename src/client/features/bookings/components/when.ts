// Every time on these screens is in the browser's own zone; notifications (written by the server) say UTC.
const timeOfDay = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dayAndTime = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });

export function timeSpan(startsAt: Date, endsAt: Date): string {
  return `${timeOfDay.format(startsAt)}–${timeOfDay.format(endsAt)}`;
}

export function when(startsAt: Date): string {
  return dayAndTime.format(startsAt);
}

export function duration(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

export { timeOfDay };
