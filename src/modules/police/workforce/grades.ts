import type { Tx } from '../../../db/database.js';
import type { Cadre } from './tables.js';

/** The starter list of cadres d'emplois and grades (the tenant may add its own). */
export const defaultGrades: { code: string; label: string; cadre: Cadre }[] = [
  { code: 'gardien_brigadier', label: 'Gardien-brigadier', cadre: 'agents' },
  { code: 'brigadier_chef_principal', label: 'Brigadier-chef principal', cadre: 'agents' },
  { code: 'chef_de_service', label: 'Chef de service', cadre: 'chefs_de_service' },
  { code: 'chef_de_service_p2', label: 'Chef de service principal de 2e classe', cadre: 'chefs_de_service' },
  { code: 'chef_de_service_p1', label: 'Chef de service principal de 1re classe', cadre: 'chefs_de_service' },
  { code: 'directeur', label: 'Directeur de police municipale', cadre: 'directeurs' },
  { code: 'directeur_principal', label: 'Directeur principal de police municipale', cadre: 'directeurs' },
];

export interface Grade {
  code: string;
  label: string;
  cadre: Cadre;
}

/** The tenant's grades; the starter list is written on first use so that the tenant can then change it. */
export async function ensureGrades(tx: Tx, tenantId: string): Promise<Grade[]> {
  const existing = await listGrades(tx);
  if (existing.length > 0) return existing;
  await tx
    .insertInto('police_grades')
    .values(defaultGrades.map((g, i) => ({ tenant_id: tenantId, ...g, sort_order: i })))
    .execute();
  return listGrades(tx);
}

export const listGrades = (tx: Tx): Promise<Grade[]> =>
  tx.selectFrom('police_grades').select(['code', 'label', 'cadre']).orderBy('sort_order').orderBy('code').execute();
