import { defineOperation } from '../access/operation.js';
import { isRole } from '../access/roles.js';
import { invalidInput } from '../errors.js';
import { modulesOf } from '../modules/module-list.js';
import { isProgrammeId } from '../programmes.js';
import { readSettings, type TenantSettings } from './tenant-settings.js';

export interface SettingsInput extends TenantSettings {
  programmes: string[];
}

const text = (field: string, value: string, max: number) => {
  const trimmed = value.trim();
  if (trimmed.length > max)
    throw invalidInput(field, `must be at most ${max} characters`, `doit faire au plus ${max} caractères`);
  return trimmed;
};

/** Changes the tenant's settings; the audit names the settings that changed. */
export const updateTenantSettings = defineOperation({
  name: 'platform.update-settings',
  permission: 'platform.settings-manage',
  async run({ tx, tenant, audit }, input: SettingsInput) {
    const programmes = [...new Set(input.programmes)];
    for (const p of programmes)
      if (!isProgrammeId(p)) throw invalidInput('programmes', `${p} is not a programme`, `${p} n’est pas un programme`);
    if (!Number.isInteger(input.smallNumberThreshold) || input.smallNumberThreshold < 5 || input.smallNumberThreshold > 100) {
      throw invalidInput(
        'smallNumberThreshold',
        'must be a whole number from 5 to 100 (figures under it are hidden)',
        'doit être un nombre entier de 5 à 100 (les chiffres inférieurs sont masqués)',
      );
    }
    const periods = [
      ['safePlaceConfirmationMonths', input.safePlaceConfirmationMonths, 1, 24, 'months', 'mois'],
      ['safePlaceTrainingYears', input.safePlaceTrainingYears, 1, 5, 'years', 'ans'],
    ] as const;
    for (const [field, value, min, max, unit, unitFr] of periods) {
      if (!Number.isInteger(value) || value < min || value > max)
        throw invalidInput(
          field,
          `must be a whole number of ${unit} from ${min} to ${max}`,
          `doit être un nombre entier de ${unitFr} de ${min} à ${max}`,
        );
    }
    const rules = modulesOf(programmes).flatMap((m) => m.retention);
    const retention: Record<string, number> = {};
    for (const [id, days] of Object.entries(input.retentionDays)) {
      const rule = rules.find((r) => r.id === id);
      if (!rule) continue;
      if (!Number.isInteger(days) || days < rule.minDays || days > rule.maxDays) {
        throw invalidInput(
          `retention.${id}`,
          `must be a whole number of days from ${rule.minDays} to ${rule.maxDays}`,
          `doit être un nombre entier de jours de ${rule.minDays} à ${rule.maxDays}`,
        );
      }
      retention[id] = days;
    }
    const helpNumbers = input.helpNumbers.map((h, i) => {
      if (!/^[0-9 +]{2,20}$/.test(h.number))
        throw invalidInput(
          `helpNumbers.${i}`,
          `« ${h.number} » is not a phone number`,
          `« ${h.number} » n’est pas un numéro de téléphone`,
        );
      return { number: h.number.replace(/\s+/g, ''), label: text(`helpNumbers.${i}`, h.label, 120) };
    });
    const totpRequiredRoles = [...new Set(input.totpRequiredRoles)].sort();
    for (const role of totpRequiredRoles)
      if (!isRole(role))
        throw invalidInput('totpRequiredRoles', `${role.slice(0, 40)} is not a role`, `${role.slice(0, 40)} n’est pas un rôle`);
    const next = {
      safe_place_scheme_name: text('safePlaceSchemeName', input.safePlaceSchemeName, 80) || null,
      small_number_threshold: input.smallNumberThreshold,
      retention_days: JSON.stringify(retention),
      dpo_contact: text('dpoContact', input.dpoContact, 200) || null,
      coordinator_contact: text('coordinatorContact', input.coordinatorContact, 200) || null,
      help_numbers: JSON.stringify(helpNumbers),
      safe_place_confirmation_months: input.safePlaceConfirmationMonths,
      safe_place_training_years: input.safePlaceTrainingYears,
      totp_required_roles: totpRequiredRoles,
    };
    const before = await readSettings(tx);
    await tx
      .insertInto('tenant_settings')
      .values({ tenant_id: tenant.id, ...next })
      .onConflict((oc) => oc.column('tenant_id').doUpdateSet(next))
      .execute();
    await tx.updateTable('tenants').set({ programmes }).where('id', '=', tenant.id).execute();
    const changed = [
      ...(JSON.stringify([...tenant.programmes].sort()) !== JSON.stringify([...programmes].sort()) ? ['programmes'] : []),
      ...(before.safePlaceSchemeName !== (next.safe_place_scheme_name ?? before.safePlaceSchemeName)
        ? ['safe_place_scheme_name']
        : []),
      ...(before.smallNumberThreshold !== input.smallNumberThreshold ? ['small_number_threshold'] : []),
      ...(JSON.stringify(before.retentionDays) !== next.retention_days ? ['retention_days'] : []),
      ...(before.dpoContact !== (next.dpo_contact ?? '') ? ['dpo_contact'] : []),
      ...(before.coordinatorContact !== (next.coordinator_contact ?? '') ? ['coordinator_contact'] : []),
      ...(JSON.stringify(before.helpNumbers) !== next.help_numbers ? ['help_numbers'] : []),
      ...(before.safePlaceConfirmationMonths !== input.safePlaceConfirmationMonths ? ['safe_place_confirmation_months'] : []),
      ...(before.safePlaceTrainingYears !== input.safePlaceTrainingYears ? ['safe_place_training_years'] : []),
      ...(JSON.stringify([...before.totpRequiredRoles].sort()) !== JSON.stringify(totpRequiredRoles)
        ? ['totp_required_roles']
        : []),
    ];
    audit({ entityType: 'tenant-settings', entityId: tenant.id, fields: changed });
  },
});
