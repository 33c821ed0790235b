import type { ModelCard } from '../../../src/serve/schemas/types.ts';
import { h } from '../dom.ts';

interface Row {
  model: string;
  split: string;
  k: string;
  values: Map<string, number>;
}

/** Flattens a manifest's metrics (`{test: {"recall@20": …}}` or flat) into rows per model, split and K. */
export function metricRows(cards: ModelCard[]): Row[] {
  const rows = new Map<string, Row>();
  const visit = (model: string, split: string, obj: Record<string, unknown>): void => {
    for (const [key, v] of Object.entries(obj)) {
      if (typeof v === 'object' && v !== null && !Array.isArray(v))
        visit(model, split ? `${split}.${key}` : key, v as Record<string, unknown>);
      if (typeof v !== 'number') continue;
      const m = /^(.+)@(\d+)$/.exec(key);
      const name = m ? m[1]! : key;
      const k = m ? m[2]! : '—';
      const id = `${model}|${split}|${k}`;
      let row = rows.get(id);
      if (!row) rows.set(id, (row = { model, split: split || '—', k, values: new Map() }));
      row.values.set(name, v);
    }
  };
  for (const c of cards) visit(c.name, '', c.metrics);
  return [...rows.values()].sort(
    (a, b) => a.model.localeCompare(b.model) || a.split.localeCompare(b.split) || Number(a.k) - Number(b.k),
  );
}

/** The metrics table: one row per model, split and K; one column per metric. */
export function metricsTable(cards: ModelCard[]): HTMLElement {
  const rows = metricRows(cards);
  if (rows.length === 0)
    return h(
      'p',
      { class: 'muted' },
      'No metrics recorded in the model manifests (train with `gnnrec train` to get them).',
    );
  const names = [...new Set(rows.flatMap((r) => [...r.values.keys()]))];
  return h(
    'table',
    { 'data-testid': 'metrics' },
    h(
      'tr',
      {},
      h('th', {}, 'model'),
      h('th', {}, 'split'),
      h('th', { class: 'num' }, 'K'),
      names.map((n) => h('th', { class: 'num' }, n)),
    ),
    rows.map((r) =>
      h(
        'tr',
        {},
        h('td', {}, r.model),
        h('td', {}, r.split),
        h('td', { class: 'num' }, r.k),
        names.map((n) => h('td', { class: 'num' }, r.values.has(n) ? r.values.get(n)!.toFixed(4) : '')),
      ),
    ),
  );
}
