import type { ColumnType, Generated } from 'kysely';

/** Table types of the platform module; each module adds its own interface to DB. */
export interface TenantsTable {
  id: Generated<string>;
  slug: string;
  name: string;
  kind: 'commune' | 'epci' | 'gip' | 'aom' | 'departement';
  insee_code: string | null;
  siren: string | null;
  population: number | null;
  time_zone: Generated<string>;
  programmes: ColumnType<string[], string[] | undefined, string[]>;
  is_demo: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface OrganisationsTable {
  id: Generated<string>;
  name: string;
  kind: string;
  siren: string | null;
  insee_code: string | null;
  is_demo: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface TenantOrganisationsTable {
  tenant_id: string;
  organisation_id: string;
  role: 'member' | 'partner' | 'operator';
  created_at: Generated<Date>;
}

export interface TerritoriesTable {
  id: Generated<string>;
  tenant_id: string;
  kind: string;
  code: string;
  name: string;
  /** Written through ST_ functions, read through ST_AsGeoJSON. */
  geom: unknown;
  is_demo: Generated<boolean>;
}

export interface AddressesTable {
  tenant_id: string;
  id: string;
  label: string;
  postcode: string;
  city: string;
  insee_code: string;
  search: string;
  geom: unknown;
}

export interface JobRunsTable {
  job: string;
  slot: string;
  started_at: Date;
  finished_at: Date | null;
  outcome: 'done' | 'failed' | null;
  summary: string | null;
}

export interface SchemaMigrationsTable {
  name: string;
  applied_at: Generated<Date>;
}

export interface DB {
  tenants: TenantsTable;
  organisations: OrganisationsTable;
  tenant_organisations: TenantOrganisationsTable;
  territories: TerritoriesTable;
  addresses: AddressesTable;
  job_runs: JobRunsTable;
  schema_migrations: SchemaMigrationsTable;
}
