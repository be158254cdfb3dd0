import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError, invalidInput } from '../errors.js';
import { isProgrammeId, type ProgrammeId } from '../programmes.js';
import { officialCommune, officialEpci } from '../territories/official-geography.js';
import type { Tenant } from './tenant-queries.js';

export interface NewTenant {
  slug: string;
  /** A commune by its INSEE code, or an EPCI (or its transport authority) by SIREN, or a named GIP. */
  insee?: string;
  epci?: string;
  kind?: 'commune' | 'epci' | 'gip' | 'aom' | 'departement';
  name?: string;
  programmes: string[];
}

/**
 * A new local authority on this instance (`quietude create-tenant`). Names, codes and populations come
 * from the official geography; every problem is named at once and nothing is written then. Tenants are
 * the platform's own rows: created by the owner's connection, as the migrations and the demo do.
 */
export async function createTenant(db: Kysely<DB>, input: NewTenant): Promise<Tenant> {
  const problems: { field: string; message: string }[] = [];
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(input.slug) || input.slug.length > 60)
    problems.push({ field: 'slug', message: 'lower-case letters, digits and single hyphens, at most 60 characters' });
  const unknown = input.programmes.filter((p) => !isProgrammeId(p));
  if (unknown.length > 0) problems.push({ field: 'programmes', message: `unknown programmes: ${unknown.join(', ')}` });
  if (Number(Boolean(input.insee)) + Number(Boolean(input.epci)) + Number(Boolean(input.name)) !== 1)
    problems.push({ field: 'insee', message: 'give exactly one of --insee (a commune), --epci (a SIREN) or --name (a GIP)' });
  const commune = input.insee ? tryOfficial(() => officialCommune(input.insee as string), 'insee', problems) : undefined;
  const epci = input.epci ? tryOfficial(() => officialEpci(input.epci as string), 'epci', problems) : undefined;
  const kind = input.kind ?? (commune ? 'commune' : epci ? 'epci' : 'gip');
  if (commune && kind !== 'commune') problems.push({ field: 'kind', message: 'a commune given by --insee is of kind commune' });
  if (epci && !['epci', 'aom'].includes(kind)) problems.push({ field: 'kind', message: 'an EPCI is of kind epci or aom' });
  if (problems.length > 0)
    throw new AppError('invalid_input', problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
  const created = await db
    .insertInto('tenants')
    .values({
      slug: input.slug,
      name: input.name ?? commune?.nom ?? epci?.nom ?? input.slug,
      kind,
      insee_code: commune?.code ?? null,
      siren: commune?.siren ?? epci?.code ?? null,
      population: commune?.population ?? null,
      programmes: input.programmes as ProgrammeId[],
    })
    .onConflict((oc) => oc.column('slug').doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!created) throw invalidInput('slug', `a tenant « ${input.slug} » already exists`);
  return created;
}

function tryOfficial<T>(find: () => T, field: string, problems: { field: string; message: string }[]): T | undefined {
  try {
    return find();
  } catch (error) {
    problems.push({ field, message: (error as Error).message });
    return undefined;
  }
}
