import type { Tx } from '../../../db/database.js';

/** The demo tenant whose observatory comes with targets and publication choices (its SSMSI figures are loaded by the SSMSI part). */
export const OBSERVATORY_DEMO_TENANT = 'lyon';

/**
 * Lyon's demo targets, written in the seed's operation (its audit event names them): the two a CLSPD typically
 * sets against 2019, and what the city publishes — both indicators and the reports and interventions it records.
 */
export async function seedDemoObservatory(tx: Tx, tenantId: string, now: Date): Promise<number> {
  await tx
    .insertInto('observatory_targets')
    .values([
      {
        tenant_id: tenantId,
        label: '-10 % de violences physiques hors cadre familial par rapport à 2019 d’ici 2026',
        indicator_kind: 'ssmsi',
        indicator: 'violences-physiques-hors-famille',
        baseline_year: 2019,
        target_year: 2026,
        target_change_percent: -10,
        target_value: null,
        is_demo: true,
        created_at: now,
      },
      {
        tenant_id: tenantId,
        label: '-29 % de destructions et dégradations volontaires par rapport à 2019 d’ici 2026',
        indicator_kind: 'ssmsi',
        indicator: 'destructions-degradations',
        baseline_year: 2019,
        target_year: 2026,
        target_change_percent: -29,
        target_value: null,
        is_demo: true,
        created_at: now,
      },
    ])
    .execute();
  const published = [
    { indicator_kind: 'ssmsi' as const, indicator: 'violences-physiques-hors-famille' },
    { indicator_kind: 'ssmsi' as const, indicator: 'destructions-degradations' },
    { indicator_kind: 'ssmsi' as const, indicator: 'cambriolages-logement' },
    { indicator_kind: 'figure' as const, indicator: 'reports.received' },
    { indicator_kind: 'figure' as const, indicator: 'police.interventions' },
  ];
  await tx
    .insertInto('observatory_publications')
    .values(published.map((p) => ({ ...p, tenant_id: tenantId, figure_option: '', created_at: now })))
    .execute();
  return 2;
}
