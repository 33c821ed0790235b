// Minimal types of the parts of autocannon (an untyped CommonJS package) that bench/api-load.ts uses.
declare module 'autocannon' {
  /** Percentile summary of one statistic (latency in ms, throughput in req/s or bytes/s). */
  export interface Histogram {
    average: number;
    mean: number;
    stddev: number;
    min: number;
    max: number;
    p50: number;
    p90: number;
    p97_5: number;
    p99: number;
    p99_9: number;
  }
  /** One request template; `setupRequest` may rewrite it per request. */
  export interface RequestSpec {
    method?: string;
    path?: string;
    setupRequest?: (req: { path: string; method?: string }) => { path: string; method?: string };
  }
  /** Options of a run. */
  export interface Options {
    url: string;
    connections?: number;
    duration?: number;
    pipelining?: number;
    requests?: RequestSpec[];
  }
  /** Aggregated results of a run. */
  export interface Result {
    latency: Histogram;
    requests: Histogram & { total: number; sent: number };
    throughput: Histogram;
    errors: number;
    timeouts: number;
    non2xx: number;
    duration: number;
    connections: number;
  }
  /** Runs a load test and resolves with its results. */
  function autocannon(opts: Options): Promise<Result>;
  export = autocannon;
}
