import type { Tx } from '../../db/database.js';

export interface TenantSettings {
  safePlaceSchemeName: string;
  smallNumberThreshold: number;
  retentionDays: Record<string, number>;
  dpoContact: string;
  coordinatorContact: string;
  helpNumbers: { number: string; label: string }[];
}

export const defaultSettings: TenantSettings = {
  safePlaceSchemeName: 'Où est Angela ?',
  smallNumberThreshold: 5,
  retentionDays: {},
  dpoContact: '',
  coordinatorContact: '',
  helpNumbers: [],
};

/** The transaction's tenant settings, with the defaults for what was never set. */
export async function readSettings(tx: Tx): Promise<TenantSettings> {
  const row = await tx.selectFrom('tenant_settings').selectAll().executeTakeFirst();
  if (!row) return defaultSettings;
  return {
    safePlaceSchemeName: row.safe_place_scheme_name ?? defaultSettings.safePlaceSchemeName,
    smallNumberThreshold: row.small_number_threshold,
    retentionDays: row.retention_days ?? {},
    dpoContact: row.dpo_contact ?? '',
    coordinatorContact: row.coordinator_contact ?? '',
    helpNumbers: row.help_numbers ?? [],
  };
}
