import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { besanconWithKey, countReports, postForm } from '../../../../test/helpers/open311.js';
import { type TestApp, withTestApp } from '../../../../test/helpers/test-app.js';
import type { Database } from '../../../db/database.js';
import type { Tenant } from '../../../platform/tenants/tenant-queries.js';

let database: Database;
let t: TestApp;
withTestApp((opened) => ({ database, t } = opened), { now: '2026-11-28T22:00:00Z' });

let tenant: Tenant;
let apiKey: string;
beforeAll(async () => {
  ({ tenant, apiKey } = await besanconWithKey(database));
});

const URL_ = '/open311/v2/requests.json';
const allowed = new Set([200, 400, 403, 404, 413, 415, 429]);

/** Sends one payload and checks the invariants: an Open311 answer, never a 500, a row only when accepted. */
async function check(send: () => ReturnType<typeof postForm>) {
  // A minute apart: the token's rate limit never hides what the payload does.
  t.clock.advance(61_000);
  const before = await countReports(database.db, tenant.id);
  const response = await send();
  const after = await countReports(database.db, tenant.id);
  expect(allowed.has(response.statusCode), `${response.statusCode} ${response.body}`).toBe(true);
  const body = response.json();
  expect(Array.isArray(body)).toBe(true);
  if (response.statusCode === 200) {
    expect(after).toBe(before + 1);
    expect(body[0].service_request_id).toMatch(/^[0-9a-f-]{36}$/);
  } else {
    expect(after).toBe(before);
    expect(body[0]).toEqual({ code: response.statusCode, description: expect.any(String) });
  }
  return response.statusCode;
}

const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom('', ' ', '%', '%zz', '\u0000', '[]', '__proto__', 'constructor', '1e308', 'NaN', '-0'),
);
const value = fc.oneof(text, fc.array(text, { minLength: 2, maxLength: 3 }));
const coordinate = fc.oneof(
  fc.double({ min: -200, max: 200, noNaN: true }).map(String),
  fc.double({ min: 47.23, max: 47.245, noNaN: true }).map((n) => n.toFixed(5)),
  fc.double({ min: 6.015, max: 6.03, noNaN: true }).map((n) => n.toFixed(5)),
  text,
);
const attributeKey = fc.oneof(
  fc.constantFrom('attribute[quantite]', 'attribute[etendue]', 'attribute[moment][]', 'attribute[__proto__]', 'attribute[]'),
  text.map((s) => `attribute[${s}]`),
  text.map((s) => `attribute[${s}][]`),
);
const attributeValue = fc.oneof(fc.constantFrom('quelques', 'beaucoup', 'rue', 'quartier', 'soir', 'nuit'), text);

/** Mostly a good value, sometimes a wrong one, sometimes none. */
const mostly = <T>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<string | string[]>) =>
  fc.oneof({ arbitrary: good, weight: 6 }, { arbitrary: bad, weight: 1 }, { arbitrary: fc.constant(undefined), weight: 1 });

/** Forms close to real ones (so that many are accepted), with any field wrong, missing, repeated or strange. */
const form = fc.record({
  jurisdiction_id: mostly(fc.constantFrom('besancon', '25056'), fc.oneof(fc.constantFrom('bordeaux', '242500361'), value)),
  api_key: mostly(fc.constant('VALID'), value),
  service_code: mostly(fc.constantFrom('degradation', 'protoxyde-azote', 'point-de-deal', 'lgbtiphobie'), value),
  lat: mostly(
    fc.double({ min: 47.23, max: 47.245, noNaN: true }).map((n) => n.toFixed(5)),
    coordinate,
  ),
  long: mostly(
    fc.double({ min: 6.015, max: 6.03, noNaN: true }).map((n) => n.toFixed(5)),
    coordinate,
  ),
  address_string: fc.option(fc.oneof(fc.constant('12 grande rue besancon'), text), { nil: undefined }),
  description: mostly(
    text,
    fc.nat({ max: 4100 }).map((n) => 'a'.repeat(n)),
  ),
  email: fc.option(fc.oneof(fc.constant('a@example.org'), text), { nil: undefined }),
  phone: fc.option(fc.oneof(fc.constant('+33 6 12 34 56 78'), text), { nil: undefined }),
  first_name: fc.option(value, { nil: undefined }),
  last_name: fc.option(value, { nil: undefined }),
  media_url: fc.option(text, { nil: undefined }),
});

const cleanForm = {
  jurisdiction_id: 'besancon',
  api_key: 'VALID',
  service_code: 'degradation',
  lat: '47.23800',
  long: '6.02200',
  address_string: undefined,
  description: 'Abribus cassé',
  email: undefined,
  phone: undefined,
  first_name: undefined,
  last_name: undefined,
  media_url: undefined,
};

describe('POST requests with random and malformed payloads', () => {
  it('never fails with a 500 and writes nothing unless it answers 200', { timeout: 60_000 }, async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(
        form,
        fc.array(fc.tuple(attributeKey, fc.oneof(attributeValue, fc.array(attributeValue))), { maxLength: 4 }),
        async (fields, attributes) => {
          const payload: Record<string, string | string[]> = {};
          for (const [key, v] of Object.entries(fields))
            if (v !== undefined) payload[key] = key === 'api_key' && v === 'VALID' ? apiKey : v;
          for (const [key, v] of attributes) payload[key] = v;
          const status = await check(() => postForm(t.app, URL_, payload));
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        },
      ),
      {
        numRuns: 150,
        // Random forms are accepted only about one time in ten: these make sure every run also sends
        // a clean one and the two refusals a client most often meets, besides the random ones.
        examples: [
          [{ ...cleanForm }, []],
          [{ ...cleanForm, api_key: 'not-a-key' }, []],
          [{ ...cleanForm, jurisdiction_id: 'bordeaux' }, []],
        ],
      },
    );
    // The payloads reach every stage: accepted, refused for a field, for the key, for the jurisdiction.
    expect([...statuses.keys()].sort()).toEqual(expect.arrayContaining([200, 400, 403, 404]));
  });

  it('survives raw bodies: broken percent-encoding, odd separators, JSON and wrong content types', {
    timeout: 60_000,
  }, async () => {
    const raw = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc
        .array(fc.constantFrom('&', '=', '%', '%E0%A4%A', '[', ']', 'attribute', 'api_key', '+', 'jurisdiction_id=besancon'), {
          maxLength: 30,
        })
        .map((parts) => parts.join('')),
    );
    await fc.assert(
      fc.asyncProperty(
        raw,
        fc.constantFrom('application/x-www-form-urlencoded', 'application/json', 'text/plain'),
        async (body, type) => {
          await check(() => t.app.inject({ method: 'POST', url: URL_, payload: body, headers: { 'content-type': type } }));
        },
      ),
      { numRuns: 120 },
    );
    // A JSON body of the right names but the wrong shapes is named, not crashed on.
    await check(() =>
      t.app.inject({
        method: 'POST',
        url: URL_,
        payload: { jurisdiction_id: 'besancon', api_key: apiKey, service_code: { $ne: null }, lat: 47.238, long: [6] },
      }),
    );
    expect(t.logs.text).not.toContain('unhandled error');
  });
});
