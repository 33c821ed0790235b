import type { Recommendation } from '../../../src/serve/schemas/types.ts';
import { h } from '../dom.ts';

/** Link to an item page. */
export function itemLink(item: string, title: string): HTMLAnchorElement {
  return h('a', { href: `#/item/${encodeURIComponent(item)}`, class: 'title' }, title);
}

/** "Because you liked A, B and C" for one recommendation (nothing when the model has no reasons). */
export function because(rec: Recommendation): HTMLElement | null {
  if (rec.reasons.length === 0) return null;
  const parts: Array<Node | string> = [];
  rec.reasons.forEach((r, n) => {
    if (n > 0) parts.push(n === rec.reasons.length - 1 ? ' and ' : ', ');
    parts.push(
      h(
        'a',
        { href: `#/item/${encodeURIComponent(r.item)}`, title: `weight ${Math.round(r.weight * 100)}%` },
        r.title,
      ),
    );
  });
  return h('div', { class: 'because' }, 'Because you liked ', ...parts);
}

/** A numbered list of recommendations with scores and reasons; `explainFor` adds a "why?" link. */
export function recList(recs: Recommendation[], explainFor?: string): HTMLElement {
  if (recs.length === 0) return h('p', { class: 'muted' }, 'No recommendations.');
  return h(
    'ol',
    { class: 'recs', 'data-testid': 'recs' },
    recs.map((r) =>
      h(
        'li',
        {},
        itemLink(r.item, r.title),
        h('span', { class: 'score' }, r.score.toFixed(3)),
        explainFor
          ? h(
              'a',
              {
                class: 'score',
                href: `#/user/${encodeURIComponent(explainFor)}/explain/${encodeURIComponent(r.item)}`,
              },
              'why?',
            )
          : null,
        because(r),
      ),
    ),
  );
}

/** A model picker; calls `onChange` with the chosen model name. */
export function modelSelect(
  models: Array<{ name: string }>,
  current: string,
  onChange: (name: string) => void,
): HTMLElement {
  const sel = h(
    'select',
    { 'aria-label': 'model', onchange: () => onChange(sel.value) },
    models.map((m) => h('option', { value: m.name, selected: m.name === current }, m.name)),
  );
  return h('label', {}, 'Model ', sel);
}
