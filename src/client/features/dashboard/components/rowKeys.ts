import type { KeyboardEvent } from 'react';

/**
 * One tab stop per order: the row's link. Inside a row, Right and Left move between the link and
 * the row's actions (`data-row-action`, out of the Tab order); Up and Down move to the link of the
 * row above or below. Tab from anywhere in a row goes on to the next row's link, then past the list.
 */
export function rowKeys(event: KeyboardEvent<HTMLElement>): void {
  const row = event.currentTarget;
  const targets = [...row.querySelectorAll<HTMLElement>('[data-row-link], [data-row-action]')].filter((el) => !el.hasAttribute('disabled'));
  const at = targets.indexOf(event.target as HTMLElement);
  if (at === -1) return;
  let next: HTMLElement | undefined;
  if (event.key === 'ArrowRight') next = targets[at + 1];
  else if (event.key === 'ArrowLeft') next = targets[at - 1];
  else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
    const rows = [...(row.parentElement?.querySelectorAll<HTMLElement>(':scope > [data-order-id]') ?? [])];
    const neighbour = rows[rows.indexOf(row) + (event.key === 'ArrowDown' ? 1 : -1)];
    next = neighbour?.querySelector<HTMLElement>('[data-row-link]') ?? undefined;
  } else return;
  if (!next) return;
  event.preventDefault();
  next.focus();
}
