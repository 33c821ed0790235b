import type { InfoResponse } from '../../../src/serve/schemas/types.ts';
import { api } from '../api.ts';
import { itemLink, modelSelect, recList } from '../components/recs.ts';
import { errorBox, h, mount } from '../dom.ts';

/** A user's page: their ratings and their recommendations under any served model. */
export async function userPage(root: HTMLElement, info: InfoResponse, user: string): Promise<void> {
  const recs = h('div');
  const load = async (model: string): Promise<void> => {
    try {
      mount(recs, recList((await api.recommendations(user, 20, model)).recommendations, user));
    } catch (err) {
      mount(recs, errorBox(err));
    }
  };
  try {
    const profile = await api.user(user);
    const first = info.models.find((m) => m.task === 'ranking')?.name ?? info.models[0]!.name;
    mount(
      root,
      h('h1', {}, `User ${user}`),
      h('p', { class: 'muted' }, `${profile.ratings.length} ratings`),
      h(
        'div',
        { class: 'grid2' },
        h(
          'div',
          { class: 'card' },
          h('h2', {}, 'Recommendations'),
          modelSelect(info.models, first, (m) => void load(m)),
          recs,
        ),
        h(
          'div',
          { class: 'card' },
          h('h2', {}, 'Rated'),
          h(
            'ul',
            { class: 'list' },
            profile.ratings
              .slice(0, 50)
              .map((r) =>
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

/** Why one item is recommended to a user: the score and each rated item's share. */
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
        ` under ${ex.model}: score ${ex.score.toFixed(3)} (method: ${ex.method}).`,
      ),
      h(
        'div',
        { class: 'card' },
        ex.reasons.length === 0
          ? h('p', { class: 'muted' }, 'This model gives no item-level reasons (e.g. a popularity baseline).')
          : h(
              'table',
              {},
              h(
                'tr',
                {},
                h('th', {}, 'Because you rated'),
                h('th', { class: 'num' }, 'Your rating'),
                h('th', { class: 'num' }, 'Weight'),
              ),
              ex.reasons.map((r) =>
                h(
                  'tr',
                  {},
                  h('td', {}, itemLink(r.item, r.title)),
                  h('td', { class: 'num' }, String(r.rating)),
                  h('td', { class: 'num' }, `${(r.weight * 100).toFixed(1)}%`),
                ),
              ),
            ),
      ),
      // Rating models also attribute to other users' ratings of the item ("people who rated it").
      ex.raters && ex.raters.length > 0
        ? h(
            'div',
            { class: 'card' },
            h(
              'table',
              {},
              h(
                'tr',
                {},
                h('th', {}, 'Others who rated it'),
                h('th', { class: 'num' }, 'Their rating'),
                h('th', { class: 'num' }, 'Weight'),
              ),
              ex.raters.map((r) =>
                h(
                  'tr',
                  {},
                  h('td', {}, h('a', { href: `#/user/${encodeURIComponent(r.user)}` }, `user ${r.user}`)),
                  h('td', { class: 'num' }, String(r.rating)),
                  h('td', { class: 'num' }, `${(r.weight * 100).toFixed(1)}%`),
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
