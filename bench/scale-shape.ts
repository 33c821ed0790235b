// Users and items of the scale benchmark at n interactions: 2 M users × 500 k items at 10⁸ (issue 23), scaled linearly.

/** Users, items of the synthetic dataset with `n` interactions (50 per user, 200 per item on average). */
export function synthShape(n: number): { users: number; items: number } {
  return { users: Math.max(1, Math.round(n / 50)), items: Math.max(2, Math.round(n / 200)) };
}
