import { csrFromCoo, csrTranspose, csrNnz } from './csr.ts';
import type { Csr } from './csr.ts';

/**
 * A constant sparse matrix for `spmm`: wraps a `Csr` and builds its transpose once, on first use, for
 * the gradient Aᵀ·G. Backends may cache device copies keyed by the `Csr` objects, so do not mutate them.
 */
export class SparseMatrix {
  /** The matrix in CSR form. */
  readonly csr: Csr;
  private transposed: SparseMatrix | null = null;

  /**
   * Wraps a CSR (not copied). `symmetric: true` declares A = Aᵀ (e.g. D^-1/2 A D^-1/2 of an undirected
   * graph), so the gradient reuses A instead of building and storing a transpose.
   */
  constructor(csr: Csr, opts: { symmetric?: boolean } = {}) {
    this.csr = csr;
    if (opts.symmetric) {
      if (csr.rows !== csr.cols) throw new RangeError(`a ${csr.rows}×${csr.cols} matrix cannot be symmetric`);
      this.transposed = this;
    }
  }

  /** Builds from COO triples (duplicates summed). */
  static fromCoo(
    rows: number,
    cols: number,
    r: Int32Array,
    c: Int32Array,
    v: Float32Array | null = null,
    opts: { symmetric?: boolean } = {},
  ): SparseMatrix {
    return new SparseMatrix(csrFromCoo(rows, cols, r, c, v), opts);
  }

  /** Row count. */
  get rows(): number {
    return this.csr.rows;
  }

  /** Column count. */
  get cols(): number {
    return this.csr.cols;
  }

  /** Stored entries. */
  get nnz(): number {
    return csrNnz(this.csr);
  }

  /** Aᵀ, computed once and cached (its own transpose is this matrix). */
  get t(): SparseMatrix {
    if (this.transposed === null) {
      this.transposed = new SparseMatrix(csrTranspose(this.csr));
      this.transposed.transposed = this;
    }
    return this.transposed;
  }
}
