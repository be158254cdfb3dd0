import autocannon from 'autocannon';

export interface LoadSettings {
  connections: number;
  warmUpSeconds: number;
  seconds: number;
}

export const defaultLoad: LoadSettings = { connections: 10, warmUpSeconds: 2, seconds: 10 };

export interface LoadFigures {
  url: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  /** Responses outside 2xx, connection errors and timeouts: any of them makes the figures suspect. */
  failures: number;
}

/**
 * Warms the route up, then loads it for a fixed time. The requests are fired from
 * an autocannon worker thread so that the load generator does not share the
 * server's event loop (the servers under test run in this process).
 */
export async function measureRoute(url: string, settings: LoadSettings = defaultLoad): Promise<LoadFigures> {
  const check = await fetch(url);
  await check.arrayBuffer();
  if (check.status !== 200) throw new Error(`GET ${url} answered ${check.status}, not 200: refusing to benchmark it`);
  return load({ url }, settings);
}

/** One request of a sequence: `path` is relative to the origin given to `measureRequests`. */
export interface RequestSpec {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/**
 * As `measureRoute`, for a sequence of requests that each connection loops over (different points, bodies…).
 * Every request of the sequence must answer 200 once before the load starts.
 */
export async function measureRequests(
  origin: string,
  requests: RequestSpec[],
  settings: LoadSettings = defaultLoad,
): Promise<LoadFigures> {
  if (requests.length === 0) throw new Error('measureRequests: no requests');
  for (const request of requests) {
    const check = await fetch(origin + request.path, { method: request.method, headers: request.headers, body: request.body });
    await check.arrayBuffer();
    if (check.status !== 200)
      throw new Error(`${request.method} ${request.path} answered ${check.status}, not 200: refusing to benchmark it`);
  }
  const first = requests[0]!;
  return load({ url: origin + first.path, method: first.method, requests }, settings);
}

async function load(options: autocannon.Options, settings: LoadSettings): Promise<LoadFigures> {
  const { connections } = settings;
  await autocannon({ ...options, connections, duration: settings.warmUpSeconds, workers: 1 });
  const result = await autocannon({ ...options, connections, duration: settings.seconds, workers: 1 });
  return {
    url: options.url,
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    failures: result.non2xx + result.errors + result.timeouts,
  };
}

/** One table row: label, req/s, p50, p99 and the ratio to the section's baseline. */
export function row(label: string, figures: LoadFigures, baselineRps: number): string[] {
  const ratio = figures.requestsPerSecond / baselineRps;
  return [label, String(Math.round(figures.requestsPerSecond)), String(figures.p50Ms), String(figures.p99Ms), ratio.toFixed(2)];
}
