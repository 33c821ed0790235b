/**
 * The model a new user is served by default (the UI's onboarding, `gnnrec demo`, `gnnrec onboard`): EASE with
 * rating² fold-in weights and a β = 0.25 GF-CF blend, chosen on the onboarding protocol's validation users of
 * MovieLens latest-small (`bench/onboard.ts --phase val`), where it beats popularity and binary EASE λ = 1000 on
 * Recall@20 and NDCG@20 at N = 5, 10 and 20 (table in notes/issue-19.md and bench/README.md).
 */
export const NEW_USER_MODEL: { readonly kind: string; readonly config: Readonly<Record<string, unknown>> } = {
  kind: 'ease',
  config: {},
};
