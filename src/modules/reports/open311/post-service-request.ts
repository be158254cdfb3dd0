import type { Actor } from '../../../platform/access/actor.js';
import { can } from '../../../platform/access/actor.js';
import { tokenActor } from '../../../platform/access/load-actor.js';
import type { AppDeps } from '../../../platform/deps.js';
import { AppError, invalidInput } from '../../../platform/errors.js';
import type { Tenant } from '../../../platform/tenants/tenant-queries.js';
import { hitRateLimit, rateLimitKey } from '../rate-limit.js';
import { submitReport } from '../submit-report.js';
import { resolveJurisdiction } from './jurisdiction.js';
import { type FormFields, parseServiceRequestForm, single } from './parse-request-form.js';

/** POSTs per API token and minute, counted across instances. */

/** Names the operation's fields as Open311 does. */
const open311Field: Record<string, string> = {
  category: 'service_code',
  lon: 'long',
  name: 'first_name',
  address: 'address_string',
  location: 'lat/long',
};

async function requireKey(deps: AppDeps, tenant: Tenant, apiKey: string | undefined): Promise<Actor> {
  const actor = apiKey ? await tokenActor(deps.database.db, deps.clock, tenant, apiKey) : undefined;
  if (!actor) throw new AppError('forbidden', 'api_key is missing, unknown or revoked');
  if (!can(actor, 'reports.intake')) throw new AppError('forbidden', 'This api_key may not submit reports (reports.intake)');
  return actor;
}

/**
 * POST requests: the jurisdiction, the key (an API token of the tenant holding reports.intake), the token's rate
 * limit, then the report itself through the one submit operation. Nothing is written unless all of it passes.
 */
export async function postServiceRequest(deps: AppDeps, fields: FormFields) {
  const tenant = await resolveJurisdiction(deps.database.db, single(fields, 'jurisdiction_id'));
  const actor = await requireKey(deps, tenant, single(fields, 'api_key'));
  const limit = await hitRateLimit(
    deps.database.db,
    rateLimitKey(deps.config.sessionSecret, 'open311', actor.label.replace(/^token:/, '')),
    { limit: deps.config.rateLimits.open311PerMinute, windowSeconds: 60, now: deps.clock.now() },
  );
  if (!limit.allowed)
    throw Object.assign(
      new AppError('rate_limited', `At most ${deps.config.rateLimits.open311PerMinute} requests a minute per api_key`),
      {
        retryAfterSeconds: limit.retryAfterSeconds,
      },
    );
  const form = parseServiceRequestForm(fields);
  let point = form.point;
  if (!point && form.addressString) {
    const [place] = await deps.geocoder.search(tenant, form.addressString, 1);
    if (!place) throw invalidInput('address_string', 'no address of the jurisdiction matches', 'adresse introuvable');
    point = { lat: place.lat, lon: place.lon };
  }
  try {
    const sent = await submitReport(
      { db: deps.database.db, clock: deps.clock, actor, tenant },
      {
        categoryCode: form.serviceCode,
        lat: point?.lat ?? Number.NaN,
        lon: point?.lon ?? Number.NaN,
        address: form.addressString ?? null,
        description: form.description,
        attributes: form.attributes,
        contact: form.contact,
        source: 'open311',
      },
    );
    return {
      service_request_id: sent.id,
      service_notice: `Signalement reçu et transmis au service compétent de ${tenant.name}.`,
      account_id: null,
    };
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'invalid_input') throw error;
    const details = error.details.map((d) => ({ ...d, field: open311Field[d.field] ?? d.field }));
    throw new AppError('invalid_input', details.map((d) => `${d.field}: ${d.message}`).join('; '), details);
  }
}
