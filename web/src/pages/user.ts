import type { ExplainResponse, InfoResponse } from '../../../src/serve/schemas/types.ts';
import { api } from '../api.ts';
import { itemLink, modelSelect, percent, recList } from '../components/recs.ts';
import { errorBox, h, mount } from '../dom.ts';

/** Ratings listed on a user's page (the rest are counted, not hidden silently). */
const SHOWN_RATINGS = 50;

/** A user's page: their ratings and their recommendations under any served model. */
export async function userPage(root: HTMLElement, info: InfoResponse, user: string): Promise<void> {
  const recs = h('div');
  const task = (name: string): string => info.models.find((m) => m.name === name)?.task ?? 'ranking';
  const load = async (model: string): Promise<void> => {
    try {
      mount(recs, recList((await api.recommendations(user, 20, model)).recommendations, user, task(model)));
    } catch (err) {
      mount(recs, errorBox(err));
    }
  };
  try {
    const profile = await api.user(user);
    const total = profile.total ?? profile.ratings.length;
    const shown = profile.ratings.slice(0, SHOWN_RATINGS);
    const first = info.models.find((m) => m.task === 'ranking')?.name ?? info.models[0]!.name;
    mount(
      root,
      h('h1', {}, `User ${user}`),
      h('p', { class: 'muted' }, `${total.toLocaleString()} ${total === 1 ? 'rating' : 'ratings'}`),
      h(
        'div',
        { class: 'grid2' },
        h(
          'section',
          { class: 'card' },
          h('h2', {}, 'Recommendations'),
          modelSelect(info.models, first, (m) => void load(m)),
          recs,
        ),
        h(
          'section',
          { class: 'card' },
          h('h2', {}, 'Rated'),
          h(
            'p',
            { class: 'muted small' },
            shown.length < total
              ? `The ${shown.length} best-rated of ${total.toLocaleString()}.`
              : `All ${total.toLocaleString()}, best first.`,
          ),
          h(
            'ul',
            { class: 'list' },
            shown.map((r) =>
              h('li', {}, itemLink(r.item, r.title), h('span', { class: 'pill' }, String(r.rating))),
            ),
          ),
        ),
      ),
    );
    await load(first);
  } catch (err) {
    mount(root, errorBox(err));
  }
}

/** What the parts of a score that no listed rating explains mean, in plain words. */
function remainder(ex: ExplainResponse): HTMLElement | null {
  const lines: Array<HTMLElement | null> = [];
  if (ex.otherShare !== undefined && Math.abs(ex.otherShare) >= 0.005)
    lines.push(
      h(
        'li',
        {},
        `Your other ratings: ${percent(ex.otherShare)} — titles whose ratings pull this one down, and small contributions not listed above.${ex.otherShare < 0 ? ' Negative: on balance they count against it.' : ''}`,
      ),
    );
  if (ex.residualShare !== undefined && Math.abs(ex.residualShare) >= 0.005)
    lines.push(
      h(
        'li',
        {},
        `The model’s baseline: ${percent(ex.residualShare)} — what it gives this title before looking at your ratings, mostly how popular and well connected the title is in the rating graph.`,
      ),
    );
  if (lines.length === 0) return null;
  return h('div', {}, h('h2', {}, 'The rest of the score'), h('ul', { class: 'plain' }, lines));
}

/** Why one item is recommended to a user: the score and each liked item's share (the card's reasons first). */
export async function explainPage(root: HTMLElement, user: string, item: string): Promise<void> {
  try {
    const ex = await api.explain(user, item);
    mount(
      root,
      h('h1', {}, 'Why ', itemLink(item, ex.title), '?'),
      h(
        'p',
        { class: 'muted' },
        `For `,
        h('a', { href: `#/user/${encodeURIComponent(user)}` }, `user ${user}`),
        ` under ${ex.model}: match score ${ex.score.toFixed(3)} (method: ${ex.method}). Shares are of everything that makes up the score; the first rows are the “because you …” of the recommendation card. Titles you rated at or above your average (${ex.likedFrom ?? '?'}) count as liked.`,
      ),
      h(
        'section',
        { class: 'card' },
        ex.reasons.length === 0
          ? h(
              'p',
              { class: 'muted' },
              'None of your ratings raises this score: it comes from the model’s baseline (e.g. popularity).',
            )
          : h(
              'div',
              { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': 'your ratings behind it' },
              h(
                'table',
                {},
                h('caption', { class: 'sr-only' }, 'Your ratings behind this recommendation'),
                h(
                  'tr',
                  {},
                  h('th', { scope: 'col' }, 'Because you rated'),
                  h('th', { scope: 'col', class: 'num' }, 'Your rating'),
                  h('th', { scope: 'col', class: 'num' }, 'Share'),
                ),
                ex.reasons.map((r) =>
                  h(
                    'tr',
                    {},
                    h('td', {}, itemLink(r.item, r.title)),
                    h(
                      'td',
                      { class: 'num' },
                      String(r.rating),
                      r.liked === false ? h('span', { class: 'tags' }, ' below your average') : '',
                    ),
                    h('td', { class: 'num' }, percent(r.weight)),
                  ),
                ),
              ),
            ),
        remainder(ex),
      ),
      // Rating models also attribute to other users' ratings of the item ("people who rated it").
      ex.raters && ex.raters.length > 0
        ? h(
            'section',
            { class: 'card' },
            h(
              'div',
              { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': 'others who rated it' },
              h(
                'table',
                {},
                h(
                  'tr',
                  {},
                  h('th', { scope: 'col' }, 'Others who rated it'),
                  h('th', { scope: 'col', class: 'num' }, 'Their rating'),
                  h('th', { scope: 'col', class: 'num' }, 'Share'),
                ),
                ex.raters.map((r) =>
                  h(
                    'tr',
                    {},
                    h('td', {}, h('a', { href: `#/user/${encodeURIComponent(r.user)}` }, `user ${r.user}`)),
                    h('td', { class: 'num' }, String(r.rating)),
                    h('td', { class: 'num' }, percent(r.weight)),
                  ),
                ),
              ),
            ),
          )
        : null,
    );
  } catch (err) {
    mount(root, errorBox(err));
  }
}
