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
  /** Responses outside 2xx (or other than the expected status), connection errors and timeouts: any of them makes the figures suspect. */
  failures: number;
  /**
   * Responses with the expected status over the whole route: the checks, the warm-up and the measurement. For a
   * route that writes, what the server confirmed (requests still in flight when autocannon stops are not counted).
   */
  answered: number;
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
  return load({ url }, settings, 1);
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
 * Every request of the sequence must answer `status` once before the load starts (redirects are not followed);
 * during the load, any other answer is a failure. By default 200, and then any 2xx passes during the load.
 */
export async function measureRequests(
  origin: string,
  requests: RequestSpec[],
  settings: LoadSettings = defaultLoad,
  status = 200,
): Promise<LoadFigures> {
  if (requests.length === 0) throw new Error('measureRequests: no requests');
  for (const request of requests) {
    const check = await fetch(origin + request.path, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      redirect: 'manual',
    });
    const answer = await check.text();
    if (check.status !== status)
      throw new Error(
        `${request.method} ${request.path} answered ${check.status}, not ${status}: refusing to benchmark it. ${answer.slice(0, 300)}`,
      );
  }
  const first = requests[0]!;
  return load({ url: origin + first.path, method: first.method, requests }, settings, requests.length, status);
}

/** Responses that count as failures: outside 2xx, or, when another status is expected, any other status. */
function failed(result: autocannon.Result, status: number): number {
  if (status >= 200 && status < 300) return result.non2xx;
  return Object.entries(result.statusCodeStats).reduce(
    (sum, [code, { count }]) => sum + (code === String(status) ? 0 : count),
    0,
  );
}

const answeredWith = (result: autocannon.Result, status: number) =>
  status >= 200 && status < 300
    ? Object.entries(result.statusCodeStats).reduce((sum, [code, { count }]) => sum + (code.startsWith('2') ? count : 0), 0)
    : (result.statusCodeStats[String(status)]?.count ?? 0);

async function load(options: autocannon.Options, settings: LoadSettings, checked: number, status = 200): Promise<LoadFigures> {
  const { connections } = settings;
  const warmUp = await autocannon({ ...options, connections, duration: settings.warmUpSeconds, workers: 1 });
  const result = await autocannon({ ...options, connections, duration: settings.seconds, workers: 1 });
  return {
    url: options.url,
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    failures: failed(result, status) + result.errors + result.timeouts,
    answered: checked + answeredWith(warmUp, status) + answeredWith(result, status),
  };
}

/** One table row: label, req/s, p50, p99 and the ratio to the section's baseline. */
export function row(label: string, figures: LoadFigures, baselineRps: number): string[] {
  const ratio = figures.requestsPerSecond / baselineRps;
  return [label, String(Math.round(figures.requestsPerSecond)), String(figures.p50Ms), String(figures.p99Ms), ratio.toFixed(2)];
}
