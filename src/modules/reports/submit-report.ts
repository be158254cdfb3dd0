import { sql } from 'kysely';
import { defineOperation } from '../../platform/access/operation.js';
import { invalidInput } from '../../platform/errors.js';
import { type Category, findCategory } from './category-queries.js';
import { type AttributeValues, checkAttributes } from './check-attributes.js';
import { newFollowToken } from './follow-token.js';
import type { CleanPhoto } from './photos.js';
import { routeReport } from './route-report.js';

export interface ReportInput {
  categoryCode: string;
  lat: number;
  lon: number;
  address?: string | null;
  description: string;
  attributes?: AttributeValues;
  reporterRole?: string | null;
  contact?: { name?: string; email?: string; phone?: string };
  notifyReporter?: boolean;
  /** Already re-encoded (see photos.ts): the operation stores pixels only. */
  photos?: CleanPhoto[];
  source: 'web' | 'open311' | 'staff';
}

export interface SubmittedReport {
  id: string;
  /** The follow-up token, shown once to the reporter. */
  token: string;
  category: Category;
  organisationId: string | null;
}

const optional = (value: string | undefined, field: string, max: number, fr: string) => {
  const trimmed = value?.trim() ?? '';
  if (trimmed.length > max) throw invalidInput(field, `must be at most ${max} characters`, fr);
  return trimmed === '' ? null : trimmed;
};

/**
 * A resident's report, from the form, Open311 or a desk: checked whole before anything is written, routed
 * to the organisation that can act, stored without any trace of the sender (no address, no user agent).
 */
export const submitReport = defineOperation({
  name: 'reports.submit-report',
  permission: 'public',
  async run({ tx, tenant, clock, actor, audit }, input: ReportInput): Promise<SubmittedReport> {
    const category = input.categoryCode ? await findCategory(tx, input.categoryCode, { publicOnly: false }) : undefined;
    if (!category) throw invalidInput('category', `unknown category « ${input.categoryCode} »`, 'catégorie inconnue');
    if (!Number.isFinite(input.lat) || Math.abs(input.lat) > 90) throw invalidInput('lat', 'must be a latitude', 'lieu manquant');
    if (!Number.isFinite(input.lon) || Math.abs(input.lon) > 180)
      throw invalidInput('lon', 'must be a longitude', 'lieu manquant');
    const description = input.description?.trim() ?? '';
    if (description.length > 4000)
      throw invalidInput('description', 'must be at most 4000 characters', 'doit faire au plus 4000 caractères');
    const role = input.reporterRole || null;
    if (role !== null && role !== 'victim' && role !== 'witness')
      throw invalidInput('reporterRole', 'must be victim or witness', 'choisissez victime ou témoin');
    const attributes = checkAttributes(category.attributes, input.attributes ?? {});
    const email = optional(input.contact?.email, 'email', 200, 'adresse trop longue');
    if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
      throw invalidInput('email', 'is not an e-mail address', 'n’est pas une adresse e-mail');
    const phone = optional(input.contact?.phone, 'phone', 30, 'numéro trop long');
    if (phone && !/^\+?[0-9 .]{6,20}$/.test(phone))
      throw invalidInput('phone', 'is not a phone number', 'n’est pas un numéro de téléphone');
    const name = optional(input.contact?.name, 'name', 120, 'nom trop long');
    if (input.notifyReporter && !email)
      throw invalidInput('email', 'is needed to be told of changes', 'nécessaire pour être prévenu par e-mail');
    const address = optional(input.address ?? undefined, 'address', 300, 'adresse trop longue');

    const routing = await routeReport(tx, category.id, input.lon, input.lat);
    if (!routing.inTerritory)
      throw invalidInput('location', `outside the territory of ${tenant.name}`, `hors du territoire de ${tenant.name}`);

    const { token, hash } = newFollowToken();
    const now = clock.now();
    const { id } = await tx
      .insertInto('reports')
      .values({
        tenant_id: tenant.id,
        category_id: category.id,
        follow_token_hash: hash,
        status_reason: null,
        reporter_role: role,
        description,
        attributes: JSON.stringify(attributes),
        geom: sql`ST_SetSRID(ST_MakePoint(${input.lon}, ${input.lat}), 4326)`,
        address,
        territory_id: routing.territoryId,
        organisation_id: routing.organisationId,
        contact_name: name,
        contact_email: email,
        contact_phone: phone,
        notify_reporter: Boolean(input.notifyReporter),
        contact_erased_at: null,
        source: input.source,
        published_description: null,
        duplicate_of: null,
        created_at: now,
        updated_at: now,
        closed_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const photo of input.photos ?? []) {
      await tx
        .insertInto('report_photos')
        .values({ tenant_id: tenant.id, report_id: id, ...photo, created_at: now })
        .execute();
    }
    await tx
      .insertInto('report_events')
      .values({
        tenant_id: tenant.id,
        report_id: id,
        at: now,
        actor: actor.label,
        kind: 'status',
        from_status: null,
        to_status: 'new',
        note: null,
      })
      .execute();
    const personal = [
      ['description', description],
      ['contact_name', name],
      ['contact_email', email],
      ['contact_phone', phone],
      ['address', address],
    ].flatMap(([field, value]) => (value ? [field as string] : []));
    audit({
      entityType: 'report',
      entityId: id,
      fields: ['category', 'geom', ...personal, ...(input.photos?.length ? ['photos'] : [])],
    });
    return { id, token, category, organisationId: routing.organisationId };
  },
});
