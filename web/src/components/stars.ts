import { h } from '../dom.ts';

/**
 * Star buttons for a rating scale; `max` 5 (MovieLens, half stars via shift-free whole steps) or 10 (anime).
 * Calls `onRate` with the chosen value.
 */
export function stars(
  max: number,
  current: number,
  onRate: (rating: number) => void,
  label: string,
): HTMLElement {
  const box = h('span', { class: 'stars', role: 'group', 'aria-label': `rate ${label}` });
  for (let v = 1; v <= max; v++) {
    box.append(
      h(
        'button',
        {
          type: 'button',
          class: v <= current ? 'on' : '',
          title: `${v} of ${max}`,
          'aria-label': `${v} stars`,
          'data-rating': v,
          onclick: () => onRate(v),
        },
        '★',
      ),
    );
  }
  return box;
}
