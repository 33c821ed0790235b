import type { InfoResponse } from '../../../src/serve/schemas/types.ts';
import { api } from '../api.ts';
import { itemLink, modelSelect } from '../components/recs.ts';
import { errorBox, h, mount } from '../dom.ts';

/** An item's page: metadata and the most similar items under any served model. */
export async function itemPage(root: HTMLElement, info: InfoResponse, item: string): Promise<void> {
  const similar = h('div');
  const load = async (model: string): Promise<void> => {
    try {
      const res = await api.similar(item, 15, model);
      mount(
        similar,
        res.similar.length === 0
          ? h('p', { class: 'muted' }, 'This model knows no similar items.')
          : h(
              'ol',
              { class: 'recs', 'data-testid': 'similar' },
              res.similar.map((s) =>
                h(
                  'li',
                  {},
                  itemLink(s.item, s.title),
                  h(
                    'span',
                    {
                      class: 'score',
                      title: 'how similar the model finds the two titles (higher is closer)',
                    },
                    `similarity ${s.score.toFixed(3)}`,
                  ),
                ),
              ),
            ),
      );
    } catch (err) {
      mount(similar, errorBox(err));
    }
  };
  try {
    const it = await api.item(item);
    const first = info.models.find((m) => m.task === 'ranking')?.name ?? info.models[0]!.name;
    const facts = [
      it.type,
      it.year,
      it.genres.join(' · '),
      `${it.ratings.toLocaleString()} ratings`,
      it.meanRating === null ? null : `mean ${it.meanRating.toFixed(2)}`,
    ].filter((x) => x !== undefined && x !== null && x !== '');
    mount(
      root,
      h('h1', {}, it.title),
      h('p', { class: 'muted' }, facts.join(' · ')),
      h(
        'div',
        { class: 'card' },
        h('h2', {}, 'Similar items'),
        modelSelect(info.models, first, (m) => void load(m)),
        similar,
      ),
    );
    await load(first);
  } catch (err) {
    mount(root, errorBox(err));
  }
}
