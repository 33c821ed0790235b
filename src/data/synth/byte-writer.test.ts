import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ByteWriter } from './byte-writer.ts';
import { PowerLaw } from './power-law.ts';
import { Rng } from '../../util/rng.ts';

test('ByteWriter writes integers as String() does, across buffer flushes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gnnrec-bw-'));
  try {
    const w = new ByteWriter(join(dir, 'x'), 64);
    const rng = new Rng(1);
    const nums = [0, 9, 10, 99, 100, 101, 2147483647, 2147483648, 1625487757, 2 ** 53 - 1];
    for (let k = 0; k < 500; k++) nums.push(Math.floor(rng.uniform() * 10 ** (k % 16)));
    for (const n of nums) {
      w.uint(n);
      w.byte(10);
    }
    w.text('é,end\n');
    w.close();
    const want = nums.map((n) => `${n}\n`).join('') + 'é,end\n';
    assert.equal(readFileSync(join(dir, 'x'), 'utf8'), want);
    assert.equal(w.bytes, Buffer.byteLength(want));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('PowerLaw ranks follow (r+1)^-s: rank 0 over rank 9 ≈ 10^s, all ranks in range', () => {
  for (const s of [0.9, 0.8, 1]) {
    const law = new PowerLaw(1000, s);
    const rng = new Rng(2);
    const count = new Int32Array(1000);
    for (let k = 0; k < 200_000; k++) count[law.rank(rng.uniform())]!++;
    // The continuous law floored: P(r) ∝ ∫_{r+1}^{r+2} x^-s dx; compare ranks 0 and 9.
    const mass = (r: number): number =>
      s === 1 ? Math.log((r + 2) / (r + 1)) : ((r + 2) ** (1 - s) - (r + 1) ** (1 - s)) / (1 - s);
    const ratio = count[0]! / count[9]!;
    const expected = mass(0) / mass(9);
    assert.ok(Math.abs(ratio / expected - 1) < 0.1, `s=${s}: ${ratio} vs ${expected}`);
    assert.ok(count[999]! > 0);
  }
});
