import type { Run } from './open.ts';

/** Test metrics of an opened run, on its protocol's split rebuilt from the recorded data, protocol and seed. */
export interface RunEvaluation {
  model: string;
  dataset: string;
  protocol: string;
  seed: number;
  eval_seconds: number;
  metrics: { test: Record<string, number> };
}

/** Scores a run's model on its protocol's test part (cut-offs `ks`, default the protocol's). */
export async function evaluateRun(run: Run, ks?: readonly number[]): Promise<RunEvaluation> {
  const setup = await run.setup();
  const ds = await run.dataset();
  const t0 = performance.now();
  const test = setup.evaluate(run.model, 'test', ks);
  const seconds = (performance.now() - t0) / 1000;
  return {
    model: run.kind,
    dataset: ds.name,
    protocol: setup.protocol,
    seed: setup.seed,
    eval_seconds: Math.round(seconds * 1000) / 1000,
    metrics: { test },
  };
}
