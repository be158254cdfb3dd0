import { sql } from 'kysely';
import { defineOperation } from '../../../platform/access/operation.js';
import { AppError, type FieldProblem } from '../../../platform/errors.js';
import { isDate } from './order-input.js';
import { localMoment } from './order-time.js';

export interface CollectionInput {
  collectedOn: string;
  territoryId?: string;
  lat?: string;
  lon?: string;
  cartridges?: string;
  weightKg?: string;
  service: string;
}

const blank = (text: string | undefined) => (text ?? '').trim() === '';
const decimal = (text: string) => Number(text.trim().replace(',', '.'));

/** Records what a service picked up: a date, a territory or a point, a count and/or a weight. Every field checked at once. */
export const recordCollection = defineOperation({
  name: 'prevention.record-collection',
  permission: 'prevention.collections',
  async run({ tx, tenant, clock, audit }, input: CollectionInput) {
    const problems: FieldProblem[] = [];
    const today = localMoment(clock.now(), tenant.time_zone).date;
    const collectedOn = input.collectedOn.trim();
    if (!isDate(collectedOn))
      problems.push({ field: 'collectedOn', message: 'must be a date YYYY-MM-DD', fr: 'une date (AAAA-MM-JJ)' });
    else if (collectedOn > today)
      problems.push({ field: 'collectedOn', message: 'must not be in the future', fr: 'la date est dans le futur' });
    let point: [number, number] | undefined;
    if (!blank(input.lat) || !blank(input.lon)) {
      const lat = decimal(input.lat ?? '');
      const lon = decimal(input.lon ?? '');
      if (blank(input.lat) || !Number.isFinite(lat) || Math.abs(lat) > 90)
        problems.push({ field: 'lat', message: 'must be a latitude from -90 to 90', fr: 'latitude invalide' });
      if (blank(input.lon) || !Number.isFinite(lon) || Math.abs(lon) > 180)
        problems.push({ field: 'lon', message: 'must be a longitude from -180 to 180', fr: 'longitude invalide' });
      point = [lon, lat];
    }
    const territoryId = blank(input.territoryId) ? null : (input.territoryId as string).trim();
    if (territoryId) {
      const own = /^[0-9a-f-]{36}$/i.test(territoryId)
        ? await tx
            .selectFrom('territories')
            .select('id')
            .where('id', '=', territoryId)
            .where(sql<boolean>`tenant_id = quietude_tenant()`)
            .executeTakeFirst()
        : undefined;
      if (!own)
        problems.push({ field: 'territoryId', message: 'is not a territory of this local authority', fr: 'territoire inconnu' });
    } else if (!point)
      problems.push({
        field: 'territoryId',
        message: 'choose a territory or give a point',
        fr: 'choisissez un territoire ou indiquez un point',
      });
    let cartridges: number | null = null;
    let weightKg: number | null = null;
    if (!blank(input.cartridges)) {
      cartridges = Number(input.cartridges?.trim());
      if (!/^\d{1,7}$/.test(input.cartridges?.trim() ?? '') || cartridges > 1_000_000)
        problems.push({
          field: 'cartridges',
          message: 'must be a whole number from 0 to 1000000',
          fr: 'un nombre entier positif',
        });
    }
    if (!blank(input.weightKg)) {
      weightKg = decimal(input.weightKg ?? '');
      if (!Number.isFinite(weightKg) || weightKg < 0 || weightKg > 1_000_000)
        problems.push({ field: 'weightKg', message: 'must be a number of kilograms, 0 or more', fr: 'un poids positif en kg' });
    }
    if (cartridges === null && weightKg === null)
      problems.push({ field: 'cartridges', message: 'give a count or a weight', fr: 'indiquez un nombre ou un poids' });
    const service = input.service.trim();
    if (service.length < 2 || service.length > 120)
      problems.push({ field: 'service', message: 'must be 2 to 120 characters', fr: 'de 2 à 120 caractères' });
    if (problems.length)
      throw new AppError('invalid_input', problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
    const row = await tx
      .insertInto('prevention_collections')
      .values({
        tenant_id: tenant.id,
        collected_on: collectedOn,
        territory_id: territoryId,
        geom: point ? sql`ST_SetSRID(ST_MakePoint(${point[0]}, ${point[1]}), 4326)` : null,
        cartridges,
        weight_kg: weightKg,
        service,
        created_at: clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    audit({ entityType: 'prevention-collection', entityId: row.id, fields: ['collected_on', 'place', 'amount', 'service'] });
    return row;
  },
});
