import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EpochReport, FitOptions, FitReport, Recommender } from '../models/recommender.ts';
import { selectionMetric, trainWithEarlyStopping } from './trainer.ts';

/** A fake model whose "state" is its epoch counter; checkpoint/restore copy it. */
class Fake {
  readonly kind = 'fake';
  readonly numUsers = 1;
  readonly numItems = 1;
  state = 0;
  async fit(_d: unknown, o: FitOptions): Promise<FitReport> {
    const curve: EpochReport[] = [];
    for (let e = 1; e <= (o.epochs ?? 10); e++) {
      this.state = e;
      const r = { epoch: e, loss: 1 / e, seconds: 0 };
      curve.push(r);
      if (o.onEpoch?.(r) === 'stop') break;
    }
    return { epochs: curve.length, seconds: 0, curve };
  }
  checkpoint(): number {
    return this.state;
  }
  restoreCheckpoint(s: number): void {
    this.state = s;
  }
}

test('early stopping stops after `patience` non-improving validations and restores the best epoch', async () => {
  const m = new Fake();
  const vals = [0.1, 0.3, 0.2, 0.25, 0.29, 0.5];
  const r = await trainWithEarlyStopping(
    m as unknown as Recommender,
    {
      numUsers: 1,
      numItems: 1,
      train: {
        user: new Int32Array(0),
        item: new Int32Array(0),
        rating: new Float32Array(0),
        timestamp: null,
      },
    },
    {
      seed: 1,
      epochs: 6,
      validate: () => ({ 'ndcg@20': vals[m.state - 1] }),
      metric: 'ndcg@20',
      patience: 3,
    },
  );
  assert.equal(r.epochs, 5, 'stopped after 3 validations without improvement');
  assert.equal(r.bestEpoch, 2);
  assert.equal(m.state, 2, 'best checkpoint restored');
  assert.deepEqual(r.bestVal, { 'ndcg@20': 0.3 });
  assert.equal(r.curve[1].val?.['ndcg@20'], 0.3, 'validation attached to the curve');
});

test('lower-is-better metrics (rmse) and evalEvery', async () => {
  const m = new Fake();
  const r = await trainWithEarlyStopping(
    m as unknown as Recommender,
    {
      numUsers: 1,
      numItems: 1,
      train: {
        user: new Int32Array(0),
        item: new Int32Array(0),
        rating: new Float32Array(0),
        timestamp: null,
      },
    },
    {
      seed: 1,
      epochs: 6,
      evalEvery: 2,
      validate: () => ({ rmse: Math.abs(m.state - 4) }),
      metric: 'rmse',
      lowerIsBetter: true,
    },
  );
  assert.equal(r.bestEpoch, 4);
  assert.equal(m.state, 4);
  assert.equal(r.curve[0].val, undefined);
});

/** A model with its own selection metric, which it attaches to each epoch's report (as hetero-sage's weighted loss does). */
class OwnMetric extends Fake {
  readonly selectMetric = 'weighted_rmse';
  private readonly own = [0.9, 0.7, 0.8, 0.85];
  override async fit(_d: unknown, o: FitOptions): Promise<FitReport> {
    return super.fit(_d, {
      ...o,
      onEpoch: (r) => {
        r.val = { weighted_rmse: this.own[r.epoch - 1] };
        return o.onEpoch?.(r);
      },
    });
  }
}

test("a model's own selection metric picks the epoch; the caller's metrics stay beside it", async () => {
  const m = new OwnMetric();
  assert.equal(selectionMetric(m as unknown as Recommender, 'rmse'), 'weighted_rmse');
  assert.equal(selectionMetric(new Fake() as unknown as Recommender, 'rmse'), 'rmse');
  // Plain RMSE alone would keep epoch 1; the weighted one keeps epoch 2.
  const rmse = [0.5, 0.6, 0.7, 0.8];
  const r = await trainWithEarlyStopping(
    m as unknown as Recommender,
    {
      numUsers: 1,
      numItems: 1,
      train: {
        user: new Int32Array(0),
        item: new Int32Array(0),
        rating: new Float32Array(0),
        timestamp: null,
      },
    },
    {
      seed: 1,
      epochs: 4,
      validate: () => ({ rmse: rmse[m.state - 1] }),
      metric: selectionMetric(m as unknown as Recommender, 'rmse'),
      lowerIsBetter: true,
      patience: 2,
    },
  );
  assert.equal(r.bestEpoch, 2);
  assert.equal(m.state, 2, 'best checkpoint restored');
  assert.deepEqual(r.bestVal, { weighted_rmse: 0.7, rmse: 0.6 });
  assert.equal(r.epochs, 4, 'stopped after 2 validations without a better weighted RMSE');
});
