import type { Recommendation } from '../../../src/serve/schemas/types.ts';
import { h } from '../dom.ts';

/** Link to an item page. */
export function itemLink(item: string, title: string): HTMLAnchorElement {
  return h('a', { href: `#/item/${encodeURIComponent(item)}`, class: 'title' }, title);
}

/** A share as people read it ("31 %"; "<1 %" rather than a misleading 0). */
export function percent(share: number): string {
  const p = Math.abs(share) * 100;
  const sign = share < 0 ? '−' : '';
  return p > 0 && p < 1 ? `${sign}<1 %` : `${sign}${p.toFixed(0)} %`;
}

/**
 * "Because you liked A (31 %) and B (20 %)": the top of the item's explanation, with the same shares as its "why?"
 * page. A title rated below the user's own average is said as rated, not liked ("rated C 3★").
 */
export function because(rec: Recommendation): HTMLElement | null {
  if (rec.reasons.length === 0) return null;
  const parts: Array<Node | string> = [];
  let previous = '';
  rec.reasons.forEach((r, n) => {
    if (n > 0) parts.push(n === rec.reasons.length - 1 ? ' and ' : ', ');
    // The verb is said again only when it changes: "liked A, B and rated C 3★".
    const said = r.liked === false ? 'rated ' : 'liked ';
    const verb = said === previous ? '' : said;
    previous = said;
    parts.push(
      h(
        'span',
        { class: 'reason', 'data-item': r.item },
        verb,
        h('a', { href: `#/item/${encodeURIComponent(r.item)}` }, r.title),
        r.liked === false ? ` ${r.rating}★` : '',
        ' ',
        h('span', { class: 'share' }, `(${percent(r.weight)})`),
      ),
    );
  });
  return h('div', { class: 'because' }, 'Because you ', ...parts);
}

/** What a list's score is, in words (ranking scores are not ratings). */
export function scoreLabel(task: string): string {
  return task === 'rating' ? 'predicted rating' : 'match score';
}

/** A numbered list of recommendations with labelled scores and reasons; `explainFor` adds a "why?" link. */
export function recList(recs: Recommendation[], explainFor?: string, task = 'ranking'): HTMLElement {
  if (recs.length === 0) return h('p', { class: 'muted' }, 'No recommendations.');
  const label = scoreLabel(task);
  return h(
    'ol',
    { class: 'recs', 'data-testid': 'recs' },
    recs.map((r) =>
      h(
        'li',
        {},
        h(
          'div',
          { class: 'rec-head' },
          itemLink(r.item, r.title),
          h(
            'span',
            {
              class: 'score',
              title:
                task === 'rating'
                  ? 'the rating the model predicts you would give'
                  : 'how strongly the model ranks this for you (higher is a better match; not a rating)',
            },
            `${label} ${task === 'rating' ? r.score.toFixed(1) : r.score.toFixed(3)}`,
          ),
          explainFor
            ? h(
                'a',
                {
                  class: 'why',
                  href: `#/user/${encodeURIComponent(explainFor)}/explain/${encodeURIComponent(r.item)}`,
                  'aria-label': `why ${r.title}?`,
                },
                'why?',
              )
            : null,
        ),
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
    { onchange: () => onChange(sel.value) },
    models.map((m) => h('option', { value: m.name, selected: m.name === current }, m.name)),
  );
  return h('label', { class: 'model-select' }, 'Model ', sel);
}
