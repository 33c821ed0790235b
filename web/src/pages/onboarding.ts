import type { InfoResponse, Recommendation, SearchHit } from '../../../src/serve/schemas/types.ts';
import { api, ApiError } from '../api.ts';
import { because, itemLink, modelSelect } from '../components/recs.ts';
import { stars } from '../components/stars.ts';
import { errorBox, h, mount } from '../dom.ts';

/** How many titles a new user rates before getting recommendations (as in the notebook). */
const NEEDED = 5;

/** Onboarding: search titles (typos welcome), rate five, get recommendations with "because you liked …". */
export function onboardingPage(root: HTMLElement, info: InfoResponse): void {
  const rated = new Map<string, { title: string; rating: number }>();
  const max = info.ratingRange[1] > 5 ? 10 : 5;
  const input = h('input', {
    type: 'search',
    name: 'q',
    placeholder: 'Search a title you know, e.g. "toy story"',
    'aria-label': 'search titles',
    autocomplete: 'off',
  });
  const results = h('ul', { class: 'list', 'data-testid': 'results' });
  const mine = h('div', { 'data-testid': 'rated' });
  const output = h('div', { 'data-testid': 'output' });

  const runSearch = async (): Promise<void> => {
    const text = input.value.trim();
    if (!text) return;
    try {
      const res = await api.search(text, 8);
      mount(results, res.hits.length ? res.hits.map(hitRow) : h('li', { class: 'muted' }, 'No match.'));
    } catch (err) {
      mount(results, errorBox(err));
    }
  };
  const hitRow = (hit: SearchHit): HTMLElement => {
    const row = h('li', { 'data-item': hit.item });
    const draw = (): void =>
      mount(
        row,
        h(
          'div',
          {},
          itemLink(hit.item, hit.title),
          h('div', { class: 'tags' }, hit.genres.join(' · '), ` · ${hit.ratings} ratings`),
        ),
        stars(
          max,
          rated.get(hit.item)?.rating ?? 0,
          (v) => {
            rated.set(hit.item, { title: hit.title, rating: v });
            draw();
            drawRated();
          },
          hit.title,
        ),
      );
    draw();
    return row;
  };
  const drawRated = (): void => {
    const n = rated.size;
    const go = h(
      'button',
      { type: 'button', disabled: n < NEEDED, 'data-testid': 'recommend', onclick: () => void submit() },
      n < NEEDED ? `Rate ${NEEDED - n} more` : 'Get my recommendations',
    );
    mount(
      mine,
      h('div', { class: 'progress' }, h('div', { style: `width:${Math.min(100, (100 * n) / NEEDED)}%` })),
      h('p', { class: 'muted' }, `${n} of ${NEEDED} rated`),
      h(
        'ul',
        { class: 'list' },
        [...rated].map(([item, r]) =>
          h('li', {}, itemLink(item, r.title), h('span', { class: 'pill' }, `${r.rating}/${max}`)),
        ),
      ),
      go,
    );
  };
  const submit = async (): Promise<void> => {
    mount(output, h('p', { class: 'muted' }, 'Folding you into the graph…'));
    const scale = info.ratingRange[1] / max;
    const ratings = [...rated].map(([item, r]) => ({ item, rating: r.rating * scale }));
    try {
      const res = await api.createUser({ ratings, k: 10 });
      showRecs(res.user, res.model, res.byModel);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        const token = prompt('This server needs an API token for writes:');
        if (token) {
          api.setToken(token);
          return submit();
        }
      }
      mount(output, errorBox(err));
    }
  };
  const showRecs = (user: string, model: string, byModel: Record<string, Recommendation[]>): void => {
    const list = h('div');
    const draw = (name: string): void => mount(list, recCards(byModel[name] ?? []));
    mount(
      output,
      h(
        'div',
        { class: 'card' },
        h('h2', {}, 'Recommended for you'),
        h(
          'p',
          { class: 'muted' },
          'Your user id is ',
          h('a', { href: `#/user/${user}` }, user),
          ' — bookmark it to come back.',
        ),
        info.models.length > 1 ? modelSelect(info.models, model, draw) : null,
        list,
      ),
    );
    draw(model);
    output.scrollIntoView({ behavior: 'smooth' });
  };

  mount(
    root,
    h('h1', {}, 'Tell us what you like'),
    h(
      'p',
      { class: 'muted' },
      `Search for titles you have seen in ${info.dataset} and rate ${NEEDED} of them. The model folds you into its graph at once — no retraining.`,
    ),
    h(
      'div',
      { class: 'grid2' },
      h(
        'div',
        { class: 'card' },
        h(
          'form',
          { class: 'search', onsubmit: (ev: Event) => (ev.preventDefault(), void runSearch()) },
          input,
          h('button', { type: 'submit' }, 'Search'),
        ),
        results,
      ),
      h('div', { class: 'card' }, h('h2', {}, 'Your ratings'), mine),
    ),
    output,
  );
  drawRated();
  input.focus();
}

/** Recommendation cards with the reasons spelled out. */
function recCards(recs: Recommendation[]): HTMLElement {
  return h(
    'ol',
    { class: 'recs', 'data-testid': 'recs' },
    recs.map((r) =>
      h('li', {}, itemLink(r.item, r.title), h('span', { class: 'score' }, r.score.toFixed(3)), because(r)),
    ),
  );
}
