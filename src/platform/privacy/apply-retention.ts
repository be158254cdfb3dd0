import { defineOperation } from '../access/operation.js';
import { modulesOf } from '../modules/module-list.js';
import { readSettings } from '../settings/tenant-settings.js';

/** The delay that applies to a rule: the tenant's choice within the rule's bounds, or the legal default. */
export function retentionDays(
  rule: { defaultDays: number; minDays: number; maxDays: number },
  chosen: number | undefined,
): number {
  if (chosen === undefined) return rule.defaultDays;
  return Math.min(Math.max(chosen, rule.minDays), rule.maxDays);
}

/** Deletes what the tenant's modules keep beyond their delays; each rule's purge is audited with its count only. */
export const applyRetention = defineOperation({
  name: 'platform.apply-retention',
  permission: 'platform.settings-manage',
  async run({ tx, tenant, clock, audit }, _input: undefined) {
    const settings = await readSettings(tx);
    const purged: Record<string, number> = {};
    for (const module of modulesOf(tenant.programmes)) {
      for (const rule of module.retention) {
        const days = retentionDays(rule, settings.retentionDays[rule.id]);
        const before = new Date(clock.now().getTime() - days * 86_400_000);
        const count = await rule.purge(tx, tenant.id, before);
        purged[rule.id] = count;
        audit({ entityType: 'retention', entityId: rule.id, fields: [], count });
      }
    }
    return purged;
  },
});
