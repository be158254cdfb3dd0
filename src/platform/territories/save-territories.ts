import { defineOperation } from '../access/operation.js';
import { type TerritoryInput, upsertTerritory } from './territory-queries.js';

/** Creates or replaces territories of the tenant (matched on kind and code). */
export const saveTerritories = defineOperation({
  name: 'platform.save-territories',
  permission: 'platform.territories-manage',
  async run({ tx, tenant, audit }, territories: TerritoryInput[]) {
    for (const territory of territories) {
      await upsertTerritory(tx, tenant.id, territory);
      audit({ entityType: 'territory', entityId: `${territory.kind}:${territory.code}`, fields: ['name', 'geom'] });
    }
    return territories.length;
  },
});
