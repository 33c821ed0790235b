// The shape of a kind's hyper-parameter search space, declared by the kind's registry entry (`ModelKind.tuneSpace`)
// and searched by `tune/` (`gnnrec tune`, `--set auto=true`); here so that models/ need not import tune/.

/** A value a hyper-parameter may take. */
export type ParamValue = number | string | boolean;

/** One hyper-parameter of a kind's search space. */
export interface ParamSpec {
  /** Config key. */
  name: string;
  /** Values to try, the kind's default among them. */
  values: readonly ParamValue[];
  /** `fit`: changing it needs a new fit; `score`: a fitted model can be re-weighted in place (cheap to try). */
  stage: 'fit' | 'score';
}

/** A kind's declared search space. */
export interface TuneSpace {
  kind: string;
  params: readonly ParamSpec[];
  /** Fixed config every candidate starts from (e.g. a larger fitted rank that score-time ranks select from). */
  base: Readonly<Record<string, ParamValue>>;
}
