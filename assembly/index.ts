// Entry of the gnnrec kernel module: every exported kernel takes pointers into the imported shared
// memory plus counts, and (last) the [start, end) range of the partitioned dimension for its thread.
export { spmm_f32, spmm_rows_f32 } from './spmm';
export { spmm_t_push_f32 } from './spmm-push';
export { pack_b_f32, transpose_f32, gemm_packed_f32 } from './gemm';
export { gather_f32, scatter_add_f32 } from './gather';
export { unary_f32, binary_f32, axpy_f32, scale_f32, rowdot_f32 } from './elementwise';
export { adam_f32, adam_rows_f32 } from './adam';
export { topk_f32 } from './topk';
export { topk_dot_i16 } from './topk-dot';
export { bpr_grad_f32, l2_rows_f32 } from './bpr';

/** First byte after the module's static data: JS allocates tensors from here up. */
export function heap_base(): usize {
  return __heap_base;
}
