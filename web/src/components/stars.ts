import { h } from '../dom.ts';

/** Options of `stars`. */
export interface StarsOptions {
  /** Number of stars (5 for MovieLens, 10 for anime). */
  max: number;
  /** Smallest step: 0.5 where the data has half stars, else 1. */
  step: number;
  /** Current rating (0: none). */
  value: number;
  /** What is rated, for the accessible name ("rate Toy Story"). */
  label: string;
  /** Called with the chosen value; focus stays on the chosen star. */
  onRate: (rating: number) => void;
}

/** The star values a scale offers (0.5, 1, …, max, or 1..max). */
export function starValues(max: number, step: number): number[] {
  const out: number[] = [];
  for (let v = step; v <= max + 1e-9; v += step) out.push(Math.round(v * 2) / 2);
  return out;
}

/**
 * A star rating as a radio group: one tab stop, arrow keys move and choose, Space/Enter/click choose. With half
 * steps each star has a left half (x.5) and a right half (x + 1), both real radio buttons with `aria-checked`.
 * The group updates in place, so the focused star keeps focus.
 */
export function stars(o: StarsOptions): HTMLElement {
  const values = starValues(o.max, o.step);
  let value = o.value;
  const group = h('span', { class: 'stars', role: 'radiogroup', 'aria-label': `rate ${o.label}` });
  const buttons = values.map((v) => {
    const half = o.step < 1 && v % 1 !== 0;
    return h(
      'button',
      {
        type: 'button',
        role: 'radio',
        class: o.step < 1 ? (half ? 'half left' : 'half right') : 'whole',
        'aria-label': `${v} ${v === 1 ? 'star' : 'stars'}`,
        title: `${v} of ${o.max}`,
        'data-rating': v,
        onclick: () => choose(v),
        onkeydown: (ev: Event) => key(ev as KeyboardEvent, v),
      },
      h('span', { 'aria-hidden': 'true' }, '★'),
    );
  });
  const paint = (): void => {
    // The first star is the tab stop until something is chosen, then the chosen one.
    const focusable = values.includes(value) ? value : values[0]!;
    buttons.forEach((b, n) => {
      const v = values[n]!;
      b.setAttribute('aria-checked', String(v === value));
      b.classList.toggle('on', v <= value);
      b.tabIndex = v === focusable ? 0 : -1;
    });
  };
  const choose = (v: number): void => {
    value = v;
    paint();
    buttons[values.indexOf(v)]!.focus();
    o.onRate(v);
  };
  const key = (ev: KeyboardEvent, v: number): void => {
    const at = values.indexOf(v);
    const to =
      ev.key === 'ArrowRight' || ev.key === 'ArrowUp'
        ? Math.min(values.length - 1, at + 1)
        : ev.key === 'ArrowLeft' || ev.key === 'ArrowDown'
          ? Math.max(0, at - 1)
          : ev.key === 'Home'
            ? 0
            : ev.key === 'End'
              ? values.length - 1
              : -1;
    if (to < 0) return;
    ev.preventDefault();
    choose(values[to]!);
  };
  // Whole stars are grouped in pairs of halves so they read as one star.
  if (o.step < 1)
    for (let s = 0; s < buttons.length; s += 2)
      group.append(h('span', { class: 'star' }, buttons[s]!, buttons[s + 1]!));
  else group.append(...buttons);
  paint();
  return group;
}
