import type { ColumnType, Generated } from 'kysely';
import type { CoordinationTables } from '../modules/coordination/tables.js';
import type { MediationTables } from '../modules/mediation/tables.js';
import type { NightStopTables } from '../modules/night-stops/tables.js';
import type { ObservatoryTables } from '../modules/observatory/tables.js';
import type { PoliceTables } from '../modules/police/tables.js';
import type { PreventionTables } from '../modules/prevention/tables.js';
import type { ReportTables } from '../modules/reports/tables.js';
import type { SafePlaceTables } from '../modules/safe-places/tables.js';
import type { AccountSecurityTables } from '../platform/accounts/tables.js';

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

export interface UsersTable {
  id: Generated<string>;
  email: string;
  display_name: string;
  password_hash: string | null;
  active: Generated<boolean>;
  failed_logins: Generated<number>;
  locked_until: Date | null;
  is_demo: Generated<boolean>;
  created_at: Generated<Date>;
  last_login_at: Date | null;
}

export interface MembershipsTable {
  id: Generated<string>;
  tenant_id: string;
  user_id: string;
  role: string;
  territory_id: string | null;
  organisation_id: string | null;
  working_group_id: string | null;
  created_at: Generated<Date>;
}

export interface SessionsTable {
  token_hash: string;
  user_id: string;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
}

export interface InvitationsTable {
  id: Generated<string>;
  tenant_id: string;
  email: string;
  role: string;
  territory_id: string | null;
  organisation_id: string | null;
  token_hash: string;
  invited_by: string | null;
  created_at: Date;
  expires_at: Date;
  accepted_at: Date | null;
}

export interface PasswordLinksTable {
  token_hash: string;
  user_id: string;
  created_at: Date;
  expires_at: Date;
  used_at: Date | null;
}

export interface ApiTokensTable {
  id: Generated<string>;
  tenant_id: string;
  name: string;
  token_hash: string;
  permissions: ColumnType<string[], string[], string[]>;
  created_by: string | null;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export interface TenantSettingsTable {
  tenant_id: string;
  safe_place_scheme_name: string | null;
  small_number_threshold: Generated<number>;
  retention_days: ColumnType<Record<string, number>, string | undefined, string>;
  dpo_contact: string | null;
  coordinator_contact: string | null;
  help_numbers: ColumnType<{ number: string; label: string }[], string | undefined, string>;
  safe_place_confirmation_months: Generated<number>;
  safe_place_training_years: Generated<number>;
  totp_required_roles: ColumnType<string[], string[] | undefined, string[]>;
}

export interface AuditEventsTable {
  tenant_id: string;
  seq: ColumnType<number, number, never>;
  at: Date;
  actor: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  fields: ColumnType<string[], string[], never>;
  count: number | null;
  prev_hash: string;
  hash: string;
}

export interface SecurityEventsTable {
  id: Generated<number>;
  at: Date;
  user_id: string | null;
  kind:
    | 'login_succeeded'
    | 'login_failed'
    | 'account_locked'
    | 'logout'
    | 'password_set'
    | 'sessions_ended'
    | 'oidc_linked'
    | 'oidc_refused'
    | 'totp_enabled'
    | 'totp_disabled'
    | 'totp_failed'
    | 'recovery_code_used';
}

/** A tenant's version of one in-memory index, bumped by a trigger on every write it is built from (ADR 0008). */
export interface IndexVersionsTable {
  tenant_id: string;
  kind: 'safe-places' | 'orders';
  version: number;
}

/** The whole database: the platform's tables and each module's. */
export interface DB
  extends SafePlaceTables,
    ReportTables,
    NightStopTables,
    MediationTables,
    PoliceTables,
    PreventionTables,
    CoordinationTables,
    ObservatoryTables,
    AccountSecurityTables {
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  invitations: InvitationsTable;
  password_links: PasswordLinksTable;
  api_tokens: ApiTokensTable;
  tenant_settings: TenantSettingsTable;
  audit_events: AuditEventsTable;
  security_events: SecurityEventsTable;
  tenants: TenantsTable;
  organisations: OrganisationsTable;
  tenant_organisations: TenantOrganisationsTable;
  territories: TerritoriesTable;
  addresses: AddressesTable;
  job_runs: JobRunsTable;
  index_versions: IndexVersionsTable;
  schema_migrations: SchemaMigrationsTable;
}
