import type { Kysely } from 'kysely';
import type { Tx } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import { seedDemoCouncil } from '../../modules/coordination/council/seed-demo-council.js';
import { seedDemoGroups } from '../../modules/coordination/groups/seed-demo-groups.js';
import { seedDemoMediation } from '../../modules/mediation/seed-demo-mediation.js';
import { seedDemoNightStopLog } from '../../modules/night-stops/seed-demo-log.js';
import { DEMO_NIGHT_FEED_TENANT, seedDemoNightFeed } from '../../modules/night-stops/seed-demo-night-feed.js';
import { OBSERVATORY_DEMO_TENANT, seedDemoObservatory } from '../../modules/observatory/dashboard/seed-demo-observatory.js';
import { seedDemoSsmsi } from '../../modules/observatory/ssmsi/seed-demo-ssmsi.js';
import {
  MAIN_COURANTE_DEMO_TENANT,
  seedDemoMainCourante,
  seedDemoPoliceAgents,
} from '../../modules/police/main-courante/seed-demo-main-courante.js';
import { DEMO_WORKFORCE_TENANT, seedDemoWorkforce } from '../../modules/police/workforce/seed-demo-workforce.js';
import { DEMO_COMMITMENTS_TENANT, seedDemoCommitments } from '../../modules/prevention/commitments/seed-demo-commitments.js';
import { seedDemoOrders } from '../../modules/prevention/orders/seed-demo-orders.js';
import { seedDemoSessions } from '../../modules/prevention/sessions/seed-demo-sessions.js';
import { seedDemoReports } from '../../modules/reports/seed-demo-reports.js';
import { seedDemoPlaces } from '../../modules/safe-places/seed-demo-places.js';
import { systemActor } from '../access/actor.js';
import { defineOperation } from '../access/operation.js';
import { roleLabels } from '../access/roles.js';
import { hashPassword } from '../accounts/passwords.js';
import { findOrCreateUser } from '../accounts/user-queries.js';
import { type Clock, systemClock } from '../clock/clock.js';
import { AppError } from '../errors.js';
import { arrondissementsOf, officialCommune, officialEpci } from '../territories/official-geography.js';
import { upsertTerritory } from '../territories/territory-queries.js';
import { demoOutline, demoWedges } from './demo-outlines.js';
import {
  DEMO_PASSWORD,
  type DemoCommune,
  type DemoTenant,
  demoEmail,
  demoRoles,
  demoTenants,
  gipOtherMembers,
} from './demo-tenants.js';

interface OrganisationInput {
  name: string;
  kind: string;
  siren?: string | null;
  insee_code?: string | null;
  is_demo?: boolean;
}

async function organisationId(tx: Tx, org: OrganisationInput): Promise<string> {
  if (org.siren) {
    const existing = await tx.selectFrom('organisations').select('id').where('siren', '=', org.siren).executeTakeFirst();
    if (existing) return existing.id;
  }
  const row = await tx
    .insertInto('organisations')
    .values({
      name: org.name,
      kind: org.kind,
      siren: org.siren ?? null,
      insee_code: org.insee_code ?? null,
      is_demo: org.is_demo ?? false,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function link(tx: Tx, tenantId: string, org: OrganisationInput, role: 'member' | 'partner' | 'operator') {
  const organisation_id = await organisationId(tx, org);
  await tx
    .insertInto('tenant_organisations')
    .values({ tenant_id: tenantId, organisation_id, role })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

const communeOrganisation = (insee: string): OrganisationInput => {
  const c = officialCommune(insee);
  return { name: c.nom, kind: 'commune', siren: c.siren ?? null, insee_code: c.code };
};

async function seedTerritories(tx: Tx, tenantId: string, communes: DemoCommune[]) {
  for (const { insee, centre, radiusKm } of communes) {
    const official = officialCommune(insee);
    await upsertTerritory(tx, tenantId, {
      kind: 'commune',
      code: insee,
      name: official.nom,
      geometry: demoOutline(...centre, radiusKm),
      isDemo: true,
    });
    const arrondissements = arrondissementsOf(insee);
    const wedges = demoWedges(...centre, radiusKm, arrondissements.length);
    for (const [i, arrondissement] of arrondissements.entries()) {
      await upsertTerritory(tx, tenantId, {
        kind: 'arrondissement',
        code: arrondissement.code,
        name: arrondissement.nom,
        geometry: wedges[i] as object,
        isDemo: true,
      });
    }
  }
}

/** What a demo tenant comes with: territories and the organisations linked to it. */
const seedDemoContents = defineOperation({
  name: 'platform.seed-demo',
  permission: 'platform.settings-manage',
  async run(scope, { demo, passwordHash }: { demo: DemoTenant; passwordHash: string }) {
    const { tx, tenant, clock, audit } = scope;
    await seedTerritories(tx, tenant.id, demo.communes);
    for (const role of demoRoles(demo.programmes)) {
      const user = await findOrCreateUser(tx, demoEmail(role, demo.slug), `${roleLabels[role].fr} (démo ${demo.slug})`, true);
      await tx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', user.id).execute();
      await tx
        .insertInto('memberships')
        .values({
          tenant_id: tenant.id,
          user_id: user.id,
          role,
          territory_id: null,
          organisation_id: null,
          working_group_id: null,
        })
        .execute();
    }
    const epci = demo.epciSiren ? officialEpci(demo.epciSiren) : undefined;
    if (demo.kind === 'commune' && demo.insee) await link(tx, tenant.id, communeOrganisation(demo.insee), 'member');
    if (demo.kind === 'gip') {
      for (const c of demo.communes) await link(tx, tenant.id, communeOrganisation(c.insee), 'member');
      const metropole = officialEpci(gipOtherMembers.epciSiren);
      await link(tx, tenant.id, { name: metropole.nom, kind: 'epci', siren: metropole.code }, 'member');
      await link(
        tx,
        tenant.id,
        { name: gipOtherMembers.departement.name, kind: 'departement', insee_code: gipOtherMembers.departement.code },
        'member',
      );
      for (const name of gipOtherMembers.landlords)
        await link(tx, tenant.id, { name, kind: 'social_landlord', is_demo: true }, 'member');
    }
    if (demo.kind === 'aom' && epci) await link(tx, tenant.id, { name: epci.nom, kind: 'epci', siren: epci.code }, 'member');
    for (const partner of demo.partners) {
      await link(tx, tenant.id, { ...partner, is_demo: true }, partner.kind === 'transit_operator' ? 'operator' : 'partner');
    }
    const places = await seedDemoPlaces(tx, tenant.id, tenant.slug, clock.now());
    const categories = demo.programmes.includes('reports') ? await seedDemoReports(tx, tenant.id, tenant.name, clock.now()) : 0;
    const nightLog = demo.programmes.includes('night-stops')
      ? await seedDemoNightStopLog(tx, tenant.id, clock.now(), tenant.time_zone)
      : 0;
    const mediation =
      demo.kind === 'gip' && demo.programmes.includes('mediation')
        ? await seedDemoMediation(tx, tenant, clock.now(), passwordHash)
        : 0;
    const policeAgents = demo.slug === DEMO_WORKFORCE_TENANT ? await seedDemoWorkforce(tx, tenant.id, clock.now()) : 0;
    const orders = demo.programmes.includes('prevention')
      ? await seedDemoOrders(tx, tenant.id, tenant.slug, clock.now(), tenant.time_zone)
      : 0;
    const sessions = demo.programmes.includes('prevention')
      ? await seedDemoSessions(tx, tenant.id, tenant.slug, clock.now(), tenant.time_zone)
      : 0;
    // After the sessions' programme and association, which its commitments link to.
    const commitments =
      demo.slug === DEMO_COMMITMENTS_TENANT && demo.programmes.includes('prevention')
        ? await seedDemoCommitments(scope, demo.programmes.includes('police'))
        : 0;
    // After the police's agents (workforce part) and the demo reports, one of which it answers.
    const mainCourante =
      demo.programmes.includes('police') && demo.slug === MAIN_COURANTE_DEMO_TENANT ? await seedDemoMainCourante(scope) : 0;
    // Another police tenant (Besançon's journey across the programmes): agents for its demo agent to log with.
    const policeAgentsOnly =
      demo.programmes.includes('police') && demo.slug !== MAIN_COURANTE_DEMO_TENANT ? await seedDemoPoliceAgents(scope) : 0;
    // After the demo reports: the working group's place is taken from one of them.
    const groups = await seedDemoGroups(scope);
    const observatoryTargets =
      demo.slug === OBSERVATORY_DEMO_TENANT && demo.programmes.includes('observatory')
        ? await seedDemoObservatory(tx, tenant.id, clock.now())
        : 0;
    // After the reports and prevention demos: its indicators read their categories and programmes.
    const council = demo.programmes.includes('coordination') ? await seedDemoCouncil(scope) : 0;
    audit({
      entityType: 'tenant',
      entityId: tenant.id,
      fields: [
        'territories',
        'organisations',
        'demo accounts',
        ...(places ? ['safe places'] : []),
        ...(categories ? ['report categories'] : []),
        ...(nightLog ? ['night-stop log'] : []),
        ...(mediation ? ['mediation demo'] : []),
        ...(policeAgents ? ['police workforce'] : []),
        ...(orders ? ['prevention orders and collections'] : []),
        ...(sessions ? ['prevention programmes and sessions'] : []),
        ...(commitments ? ['prevention commitments'] : []),
        ...(mainCourante ? ['main courante'] : []),
        ...(policeAgentsOnly ? ['police agents'] : []),
        ...(groups ? ['working groups'] : []),
        ...(observatoryTargets ? ['observatory targets and publications'] : []),
        ...(council ? ['coordination council'] : []),
      ],
    });
  },
});

/**
 * One tenant and everything it comes with, in one transaction: the tenant row
 * (inserted by the owner), then the rest as an operation of the tenant. Two
 * instances starting at once both try; the unique slug lets one of them through.
 */
function seedTenant(db: Kysely<DB>, clock: Clock, demo: DemoTenant, passwordHash: string): Promise<boolean> {
  const commune = demo.insee ? officialCommune(demo.insee) : undefined;
  const epci = demo.epciSiren ? officialEpci(demo.epciSiren) : undefined;
  return db.transaction().execute(async (tx) => {
    const tenant = await tx
      .insertInto('tenants')
      .values({
        slug: demo.slug,
        name: demo.name ?? commune?.nom ?? epci?.nom ?? demo.slug,
        kind: demo.kind,
        insee_code: commune?.code ?? null,
        siren: commune?.siren ?? epci?.code ?? null,
        population: commune?.population ?? null,
        programmes: demo.programmes,
        is_demo: true,
      })
      .onConflict((oc) => oc.column('slug').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!tenant) return false;
    await seedDemoContents.within(tx, { db, clock, actor: systemActor('seed-demo'), tenant }, { demo, passwordHash });
    return true;
  });
}

/** Loads the demo tenants that are not there yet. Never in production. Returns how many were added. */
export async function seedDemo(db: Kysely<DB>, env: string, clock: Clock = systemClock): Promise<number> {
  if (env === 'production') throw new AppError('invalid_input', 'Demo data is never loaded in production (NODE_ENV=production).');
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const created: string[] = [];
  for (const demo of demoTenants) if (await seedTenant(db, clock, demo, passwordHash)) created.push(demo.slug);
  // Loaded after its tenant's transaction (an import is a series of short operations of its own), and only
  // by the instance that created the tenant: two instances starting at once must not both load it.
  if (created.includes(DEMO_NIGHT_FEED_TENANT)) await seedDemoNightFeed(db, clock);
  // National reference data, shared by the demo tenants running the observatory; kept if already there.
  if (created.length) await seedDemoSsmsi(db, clock);
  return created.length;
}
