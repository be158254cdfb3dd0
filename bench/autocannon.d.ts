/** The part of autocannon's programmatic API the benchmarks use (the package ships no types). */
declare module 'autocannon' {
  namespace autocannon {
    interface Options {
      url: string;
      connections?: number;
      /** Seconds. */
      duration?: number;
      /** Worker threads firing the requests; 0 fires them from the calling thread. */
      workers?: number;
      method?: string;
      headers?: Record<string, string>;
      body?: string;
      /** Each connection loops over these in order; plain objects only when `workers` is set (functions must be file paths). */
      requests?: Request[];
      title?: string;
    }
    interface Request {
      method?: string;
      path?: string;
      headers?: Record<string, string>;
      body?: string;
    }
    interface Stats {
      average: number;
      mean: number;
      stddev: number;
      min: number;
      max: number;
      total: number;
      p50: number;
      p90: number;
      p99: number;
    }
    interface Result {
      url: string;
      duration: number;
      errors: number;
      timeouts: number;
      non2xx: number;
      statusCodeStats: Record<string, { count: number }>;
      /** Requests per second, sampled each second. */
      requests: Stats & { sent: number };
      /** Milliseconds. */
      latency: Stats;
      throughput: Stats;
    }
  }
  function autocannon(options: autocannon.Options): Promise<autocannon.Result>;
  export = autocannon;
}
