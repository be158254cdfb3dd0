import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { createTenant } from '../../../../test/helpers/factories.js';
import { Browser, createStaff, csrfFrom } from '../../../../test/helpers/staff.js';
import type { DB } from '../../../db/schema.js';
import { actAsTenant } from '../../../db/tenant-transaction.js';
import { publicActor } from '../../../platform/access/actor.js';
import type { Role } from '../../../platform/access/roles.js';
import { ManualClock } from '../../../platform/clock/clock.js';
import type { ProgrammeId } from '../../../platform/programmes.js';
import type { Tenant } from '../../../platform/tenants/tenant-queries.js';
import { upsertTerritory } from '../../../platform/territories/territory-queries.js';
import { seedDemoReports } from '../../reports/seed-demo-reports.js';
import { submitReport } from '../../reports/submit-report.js';

/** The tests' town: a square commune around this point. */
export const CENTRE = { lat: 48.6567, lon: 6.1711 };
/** A deal point in the commune, 300 m east of the centre, and a point 2 km away from everything else. */
export const DEAL_POINT = { lat: 48.6567, lon: 6.1752 };

const square = (lon: number, lat: number, half: number) => ({
  type: 'Polygon',
  coordinates: [
    [
      [lon - half, lat - half],
      [lon + half, lat - half],
      [lon + half, lat + half],
      [lon - half, lat + half],
      [lon - half, lat - half],
    ],
  ],
});

/**
 * A commune running reports and coordination (and the given programmes), with its outline, the demo report
 * categories, and a signed-in browser per role asked for.
 */
export async function groupsTenant(db: Kysely<DB>, app: FastifyInstance, programmes: ProgrammeId[] = []) {
  const tenant: Tenant = await createTenant(db, { programmes: ['reports', 'coordination', ...programmes] });
  await db.transaction().execute(async (tx) => {
    await actAsTenant(tx, tenant.id, { operation: 'test.groups-setup' });
    // The categories before the outline: the demo's sample reports are seeded only around a commune, and these
    // tests count their own.
    await seedDemoReports(tx, tenant.id, tenant.name, new Date('2026-11-01T00:00:00Z'));
    await upsertTerritory(tx, tenant.id, {
      kind: 'commune',
      code: '99999',
      name: 'Commune de test',
      geometry: square(CENTRE.lon, CENTRE.lat, 0.02),
    });
    await upsertTerritory(tx, tenant.id, {
      kind: 'quartier',
      code: 'Q1',
      name: 'Quartier de test',
      geometry: square(DEAL_POINT.lon, DEAL_POINT.lat, 0.004),
    });
  });
  const categories = await db.selectFrom('report_categories').select(['id', 'code']).where('tenant_id', '=', tenant.id).execute();
  const category = (code: string) => categories.find((c) => c.code === code)?.id as string;
  const people = new Map<string, { userId: string; email: string; browser: Browser }>();
  /** A staff member of the role, signed in (one per name: « coordinator », « coordinator-2 »…). */
  const person = async (name: string, role: Role) => {
    const known = people.get(name);
    if (known) return known;
    const staff = await createStaff(db, tenant, role);
    const browser = new Browser(app);
    await browser.signIn(staff.email);
    const entry = { ...staff, browser };
    people.set(name, entry);
    return entry;
  };
  /** A report of the category at a point, made at a given instant. */
  const report = (code: string, at: string, point = DEAL_POINT) =>
    submitReport(
      { db, clock: new ManualClock(new Date(at)), actor: publicActor, tenant },
      { categoryCode: code, description: 'Signalement de test.', lat: point.lat, lon: point.lon, source: 'web' },
    );
  return { tenant, category, person, report, base: `/t/${tenant.slug}/espace/coordination/groupes` };
}

/** The id at the end of a redirect's location (…/groupes/{id}?fait=1). */
export const idFrom = (location: unknown, after: string) =>
  new RegExp(`/${after}/([0-9a-f-]{36})`).exec(String(location))?.[1] as string;

/** Posts a form with repeated fields (checkboxes), as a browser does, with the CSRF token of the page it was on. */
export async function postRepeated(
  app: FastifyInstance,
  browser: Browser,
  url: string,
  from: string,
  entries: [string, string][],
) {
  const page = await browser.get(from);
  const body = new URLSearchParams([['_csrf', csrfFrom(page.body)], ...entries]).toString();
  return app.inject({
    method: 'POST',
    url,
    headers: { cookie: browser.cookies, 'content-type': 'application/x-www-form-urlencoded' },
    payload: body,
  });
}
