import { defineOperation } from '../../../platform/access/operation.js';
import { notFound } from '../../../platform/errors.js';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Removes a target; another tenant's (hidden by row-level security) or an unknown id is a 404. */
export const deleteTarget = defineOperation({
  name: 'observatory.delete-target',
  permission: 'observatory.publish',
  async run({ tx, audit }, input: { id: string }) {
    if (!uuid.test(input.id)) throw notFound('Target');
    const row = await tx.deleteFrom('observatory_targets').where('id', '=', input.id).returning('id').executeTakeFirst();
    if (!row) throw notFound('Target');
    audit({ entityType: 'observatory-target', entityId: row.id, fields: ['deleted'] });
    return row;
  },
});
