import type { ServedModel } from './served-model.ts';
import type { ModelCard } from './schemas/types.ts';

type Curve = ModelCard['curve'];
type PredVsTrue = ModelCard['predVsTrue'];

/** The model card of a served model, read from its manifest (curve and tables from `extra`). */
export function modelCard(m: ServedModel): ModelCard {
  const extra = m.manifest.extra ?? {};
  const ds = m.manifest.dataset;
  return {
    name: m.name,
    kind: m.kind,
    task: m.task,
    created: m.manifest.created,
    dataset: {
      name: ds?.name ?? 'unknown',
      users: ds?.users ?? m.users.size,
      items: ds?.items ?? m.items.size,
      interactions: ds?.interactions ?? 0,
    },
    config: m.manifest.config,
    metrics: m.manifest.metrics,
    curve: readCurve(extra['curve'] ?? extra['trainingCurve'] ?? extra['training_curve']),
    predVsTrue: readPredVsTrue(extra['predVsTrue'] ?? extra['predictedVsTrue'] ?? extra['pred_vs_true']),
  };
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Accepts `EpochReport[]` as `fit` returns it; anything malformed is dropped rather than failing the card. */
function readCurve(x: unknown): Curve {
  if (!Array.isArray(x)) return [];
  const out: Curve = [];
  for (const p of x) {
    if (!isRecord(p) || typeof p['epoch'] !== 'number' || typeof p['loss'] !== 'number') continue;
    const point: Curve[number] = { epoch: p['epoch'], loss: p['loss'] };
    if (isRecord(p['val'])) {
      const val: Record<string, number> = {};
      for (const [k, v] of Object.entries(p['val'])) if (typeof v === 'number') val[k] = v;
      point.val = val;
    }
    out.push(point);
  }
  return out;
}

/** Accepts rows `{predicted, actual|true|target, count}`. */
function readPredVsTrue(x: unknown): PredVsTrue {
  if (!Array.isArray(x)) return [];
  const out: PredVsTrue = [];
  for (const p of x) {
    if (!isRecord(p)) continue;
    const predicted = p['predicted'] ?? p['pred'];
    const actual = p['actual'] ?? p['true'] ?? p['target'];
    const count = p['count'] ?? 1;
    if (typeof predicted === 'number' && typeof actual === 'number' && typeof count === 'number')
      out.push({ predicted, actual, count });
  }
  return out;
}
