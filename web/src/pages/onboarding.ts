import type { InfoResponse, SearchHit } from '../../../src/serve/schemas/types.ts';
import { api, ApiError } from '../api.ts';
import { itemLink, modelSelect, recList } from '../components/recs.ts';
import { stars } from '../components/stars.ts';
import { announce, errorBox, h, mount } from '../dom.ts';

/** How many titles a new user rates before getting recommendations (as in the notebook). */
const NEEDED = 5;
/** Fuzzy scores below this are "no close match" (the hits are then offered as the closest titles). */
const CLOSE_MATCH = 60;

/** The rating scale the page offers: stars and the smallest step, from the data's rating range. */
export function ratingScale(info: InfoResponse): { max: number; step: number } {
  const [lo, hi] = info.ratingRange;
  const max = hi > 5 ? 10 : 5;
  // Half stars where the data has them (MovieLens: 0.5 … 5).
  return { max, step: hi <= 5 && lo % 1 !== 0 ? 0.5 : 1 };
}

/** Onboarding: popular titles to start, search (typos welcome), rate five, get recommendations with reasons. */
export function onboardingPage(root: HTMLElement, info: InfoResponse): void {
  const rated = new Map<string, { title: string; rating: number }>();
  const scale = ratingScale(info);
  const input = h('input', {
    type: 'search',
    name: 'q',
    id: 'search-titles',
    placeholder: 'e.g. toy story',
    'aria-label': 'search titles',
    autocomplete: 'off',
  });
  const resultsTitle = h('h2', { id: 'results-title' }, 'Popular to start with');
  const resultsNote = h('p', { class: 'muted small' });
  const results = h('ul', { class: 'list', 'data-testid': 'results', 'aria-labelledby': 'results-title' });
  const mine = h('div', { 'data-testid': 'rated' });
  const output = h('div', { 'data-testid': 'output' });

  const showHits = (hits: SearchHit[]): void => {
    if (hits.length === 0) mount(results, h('li', { class: 'muted' }, 'Nothing to show.'));
    else mount(results, hits.map(hitRow));
  };
  const runSearch = async (): Promise<void> => {
    const text = input.value.trim();
    if (!text) return void loadPopular();
    try {
      const res = await api.search(text, 8);
      const close = res.hits.filter((x) => x.score >= CLOSE_MATCH);
      if (close.length > 0) {
        resultsTitle.textContent = `Titles matching “${text}”`;
        mount(resultsNote);
        showHits(close);
        announce(`${close.length} ${close.length === 1 ? 'title matches' : 'titles match'} “${text}”.`);
      } else {
        resultsTitle.textContent = `No close match for “${text}”`;
        mount(
          resultsNote,
          res.hits.length > 0
            ? 'Check the spelling, or rate one of the closest titles below.'
            : 'Check the spelling, or try another title.',
        );
        showHits(res.hits);
        announce(`No close match for “${text}”.`);
      }
    } catch (err) {
      mount(results, h('li', {}, errorBox(err)));
    }
  };
  const loadPopular = async (): Promise<void> => {
    try {
      const res = await api.popular(12);
      resultsTitle.textContent = 'Popular to start with';
      mount(
        resultsNote,
        `The most-rated titles in ${info.dataset}. Rate any you have seen, or search above.`,
      );
      showHits(res.hits);
    } catch (err) {
      mount(results, h('li', {}, errorBox(err)));
    }
  };
  const hitRow = (hit: SearchHit): HTMLElement =>
    h(
      'li',
      { 'data-item': hit.item },
      h(
        'div',
        { class: 'grow' },
        itemLink(hit.item, hit.title),
        h(
          'div',
          { class: 'tags' },
          [...hit.genres.slice(0, 3), `${hit.ratings.toLocaleString()} ratings`].join(' · '),
        ),
      ),
      stars({
        ...scale,
        value: rated.get(hit.item)?.rating ?? 0,
        label: hit.title,
        onRate: (v) => {
          rated.set(hit.item, { title: hit.title, rating: v });
          drawRated();
          announce(`Rated ${hit.title} ${v} of ${scale.max}. ${progressText()}`);
        },
      }),
    );
  const progressText = (): string =>
    rated.size < NEEDED
      ? `${rated.size} of ${NEEDED} rated.`
      : `${rated.size} rated: recommendations are ready to ask for.`;
  const go = h(
    'button',
    { type: 'button', 'data-testid': 'recommend', onclick: () => void submit() },
    'Get my recommendations',
  );
  const drawRated = (): void => {
    const n = rated.size;
    go.toggleAttribute('disabled', n < NEEDED);
    go.textContent = n < NEEDED ? `Rate ${NEEDED - n} more` : 'Get my recommendations';
    mount(
      mine,
      h(
        'div',
        {
          class: 'progress',
          role: 'progressbar',
          'aria-label': 'titles rated',
          'aria-valuemin': 0,
          'aria-valuemax': NEEDED,
          'aria-valuenow': Math.min(n, NEEDED),
        },
        h('div', { style: `width:${Math.min(100, (100 * n) / NEEDED)}%` }),
      ),
      h('p', { class: 'muted' }, n < NEEDED ? `${n} of ${NEEDED} rated` : `${n} rated`),
      h(
        'ul',
        { class: 'list' },
        [...rated].map(([item, r]) =>
          h(
            'li',
            {},
            itemLink(item, r.title),
            h(
              'span',
              { class: 'pill', title: `your rating, out of ${scale.max}` },
              `${r.rating}/${scale.max}`,
            ),
          ),
        ),
      ),
    );
  };
  const submit = async (): Promise<void> => {
    mount(output, h('p', { class: 'muted' }, 'Folding you into the graph…'));
    announce('Computing your recommendations…');
    const factor = info.ratingRange[1] / scale.max;
    const ratings = [...rated].map(([item, r]) => ({ item, rating: r.rating * factor }));
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
      announce(`Could not get recommendations: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  const showRecs = (
    user: string,
    model: string,
    byModel: Record<string, Parameters<typeof recList>[0]>,
  ): void => {
    const list = h('div');
    const task = (name: string): string => info.models.find((m) => m.name === name)?.task ?? 'ranking';
    const draw = (name: string): void => mount(list, recList(byModel[name] ?? [], user, task(name)));
    const heading = h('h2', { tabindex: -1, id: 'recs-title' }, 'Recommended for you');
    mount(
      output,
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'recs-title' },
        heading,
        h(
          'p',
          { class: 'muted' },
          'Your user id is ',
          h('a', { href: `#/user/${encodeURIComponent(user)}` }, user),
          ' — bookmark it to come back.',
        ),
        info.models.length > 1 ? modelSelect(info.models, model, draw) : null,
        list,
      ),
    );
    draw(model);
    // The result of the button press is here: keyboard and screen-reader users continue from its heading.
    heading.focus();
    output.scrollIntoView({ block: 'start' });
    announce(`${(byModel[model] ?? []).length} recommendations ready.`);
  };

  mount(
    root,
    h('h1', {}, 'Tell us what you like'),
    h(
      'p',
      { class: 'muted' },
      `Rate ${NEEDED} titles you have seen in ${info.dataset} — start with the popular ones below or search. The model folds you into its graph at once, no retraining.`,
    ),
    h(
      'div',
      { class: 'grid2' },
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'results-title' },
        h(
          'form',
          {
            class: 'search',
            role: 'search',
            onsubmit: (ev: Event) => (ev.preventDefault(), void runSearch()),
          },
          h('label', { for: 'search-titles', class: 'sr-only' }, 'Search titles'),
          input,
          h('button', { type: 'submit' }, 'Search'),
        ),
        resultsTitle,
        resultsNote,
        results,
      ),
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'rated-title' },
        h('h2', { id: 'rated-title' }, 'Your ratings'),
        mine,
        go,
      ),
    ),
    output,
  );
  drawRated();
  void loadPopular();
  input.focus();
}
