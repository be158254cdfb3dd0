import { type Kysely, type Selectable, sql } from 'kysely';
import type { Tx } from '../../db/database.js';
import type { DB, TenantSettingsTable } from '../../db/schema.js';

export interface TenantSettings {
  safePlaceSchemeName: string;
  smallNumberThreshold: number;
  retentionDays: Record<string, number>;
  dpoContact: string;
  coordinatorContact: string;
  helpNumbers: { number: string; label: string }[];
  /** Safe places whose hours were not confirmed for this many months leave the public list. */
  safePlaceConfirmationMonths: number;
  /** A safe place's awareness training older than this many years is due for renewal. */
  safePlaceTrainingYears: number;
  /** Members holding one of these roles must have a second factor to reach the tenant's staff pages. */
  totpRequiredRoles: string[];
}

export const defaultSettings: TenantSettings = {
  safePlaceSchemeName: 'Où est Angela ?',
  smallNumberThreshold: 5,
  retentionDays: {},
  dpoContact: '',
  coordinatorContact: '',
  helpNumbers: [],
  safePlaceConfirmationMonths: 6,
  safePlaceTrainingYears: 2,
  totpRequiredRoles: [],
};

/** The transaction's tenant settings, with the defaults for what was never set. */
export async function readSettings(tx: Tx): Promise<TenantSettings> {
  // Settings are readable by all (public facts): keep to the transaction's tenant explicitly.
  const row = await tx
    .selectFrom('tenant_settings')
    .selectAll()
    .where(sql<boolean>`tenant_id = quietude_tenant()`)
    .executeTakeFirst();
  return settingsFromRow(row);
}

/** Settings of any tenant, outside a transaction: for the hot public pages. */
export async function readPublicSettings(db: Kysely<DB>, tenantId: string): Promise<TenantSettings> {
  return settingsFromRow(await db.selectFrom('tenant_settings').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst());
}

function settingsFromRow(row: Selectable<TenantSettingsTable> | undefined): TenantSettings {
  if (!row) return defaultSettings;
  return {
    safePlaceSchemeName: row.safe_place_scheme_name ?? defaultSettings.safePlaceSchemeName,
    smallNumberThreshold: row.small_number_threshold,
    retentionDays: row.retention_days ?? {},
    dpoContact: row.dpo_contact ?? '',
    coordinatorContact: row.coordinator_contact ?? '',
    helpNumbers: row.help_numbers ?? [],
    safePlaceConfirmationMonths: row.safe_place_confirmation_months,
    safePlaceTrainingYears: row.safe_place_training_years,
    totpRequiredRoles: row.totp_required_roles ?? [],
  };
}
