import type { ItemMeta } from '../types.ts';
import type { FeatureBlock } from './block.ts';

/** Options of `encodeNumeric`. */
export interface NumericOptions {
  /** Fields to encode; default: every field seen except those in `exclude`. `year` is taken from `ItemMeta.year`. */
  fields?: string[];
  /**
   * Fields never encoded by default. The anime `rating` column is the community mean score,
   * computed from the very ratings we predict, so it is left out to avoid target leakage; external
   * ids (`imdbId`, `tmdbId`, any name ending in `id`) are identifiers, not quantities.
   */
  exclude?: string[];
  /** Apply log1p before standardising non-negative fields (episode and member counts are heavy-tailed). */
  log1p?: boolean;
}

/**
 * Numeric item fields standardised to zero mean and unit variance over known values, each with a
 * missing-indicator column (1 where the value is unknown, e.g. anime episodes "Unknown"; the value
 * column is then 0, the mean). Indicator columns are emitted only for fields with a missing value.
 */
export function encodeNumeric(meta: readonly ItemMeta[], o: NumericOptions = {}): FeatureBlock {
  const exclude = new Set(o.exclude ?? ['rating']);
  const value = (m: ItemMeta, f: string): number | null => {
    if (f === 'year') return m.year ?? m.numeric?.year ?? null;
    const v = m.numeric?.[f];
    return v === undefined || v === null || !Number.isFinite(v) ? null : v;
  };
  let fields = o.fields;
  if (!fields) {
    const seen = new Set<string>();
    for (const m of meta) {
      if (m.year !== undefined) seen.add('year');
      for (const k of Object.keys(m.numeric ?? {})) seen.add(k);
    }
    fields = [...seen].filter((f) => !exclude.has(f) && !/id$/i.test(f)).sort();
  }
  const useLog = o.log1p ?? true;
  const rows = meta.length;
  const columns: { name: string; values: Float32Array }[] = [];
  for (const f of fields) {
    const raw = meta.map((m) => value(m, f));
    const known = raw.filter((v): v is number => v !== null);
    if (known.length === 0) continue;
    const log = useLog && f !== 'year' && known.every((v) => v >= 0);
    const tx = (v: number): number => (log ? Math.log1p(v) : v);
    let mean = 0;
    for (const v of known) mean += tx(v);
    mean /= known.length;
    let varr = 0;
    for (const v of known) varr += (tx(v) - mean) ** 2;
    const std = Math.sqrt(varr / known.length) || 1;
    const vals = new Float32Array(rows);
    const miss = new Float32Array(rows);
    let anyMissing = false;
    raw.forEach((v, r) => {
      if (v === null) {
        miss[r] = 1;
        anyMissing = true;
      } else vals[r] = (tx(v) - mean) / std;
    });
    columns.push({ name: log ? `log1p:${f}` : f, values: vals });
    if (anyMissing) columns.push({ name: `${f}:missing`, values: miss });
  }
  const cols = columns.length;
  const data = new Float32Array(rows * cols);
  columns.forEach((c, j) => {
    for (let r = 0; r < rows; r++) data[r * cols + j] = c.values[r];
  });
  return { rows, cols, data, names: columns.map((c) => c.name) };
}
