import { api } from '../api.ts';
import { groupBars, longTail, predVsTrue, ratingHistogram, ratingScatter, trainingCurve } from '../charts.ts';
import { errorBox, h, mount } from '../dom.ts';
import { metricsTable } from './metrics-table.ts';

/** The model dashboard: metrics per model and K, training curves, predicted-vs-true, EDA charts. */
export async function dashboardPage(root: HTMLElement): Promise<void> {
  try {
    const [{ models }, eda] = await Promise.all([api.models(), api.eda()]);
    mount(
      root,
      h('h1', {}, 'Models & data'),
      h(
        'p',
        { class: 'muted' },
        `${eda.dataset}: ${eda.users.toLocaleString()} users, ${eda.items.toLocaleString()} items, ${eda.interactions.toLocaleString()} ratings.`,
      ),
      h('h2', {}, 'Metrics'),
      h(
        'div',
        { class: 'card table-wrap', tabindex: 0, role: 'region', 'aria-label': 'metrics' },
        metricsTable(models),
      ),
      h('h2', {}, 'Models'),
      h(
        'div',
        { class: 'card table-wrap', tabindex: 0, role: 'region', 'aria-label': 'models' },
        h(
          'table',
          {},
          h(
            'tr',
            {},
            h('th', {}, 'name'),
            h('th', {}, 'kind'),
            h('th', {}, 'task'),
            h('th', {}, 'config'),
            h('th', {}, 'trained'),
          ),
          models.map((m) =>
            h(
              'tr',
              {},
              h('td', {}, m.name),
              h('td', {}, m.kind),
              h('td', {}, m.task),
              h('td', { class: 'tags' }, configText(m.config)),
              h('td', { class: 'tags' }, m.created?.slice(0, 16).replace('T', ' ') ?? ''),
            ),
          ),
        ),
      ),
      h(
        'div',
        { class: 'charts' },
        models.filter((m) => m.curve.length > 1).map(trainingCurve),
        models.filter((m) => m.predVsTrue.length > 0).map(predVsTrue),
      ),
      h('h2', {}, 'Data'),
      h(
        'div',
        { class: 'charts', 'data-testid': 'eda' },
        eda.byType.length > 0 ? groupBars('Mean rating by type', eda.byType) : null,
        eda.byGenre.length > 0 ? groupBars('Mean rating by genre', eda.byGenre) : null,
        eda.scatter.points.length > 0 ? ratingScatter(eda) : null,
        longTail(eda),
        ratingHistogram(eda),
      ),
    );
  } catch (err) {
    mount(root, errorBox(err));
  }
}

/** Config as short `key=value` pairs (nested values as JSON). */
function configText(config: Record<string, unknown>): string {
  return Object.entries(config)
    .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(', ');
}
