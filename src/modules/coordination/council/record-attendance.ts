import { defineOperation } from '../../../platform/access/operation.js';
import { notFound } from '../../../platform/errors.js';
import { isUuid, Problems } from './council-input.js';
import { presences } from './tables.js';

export interface AttendanceInput {
  sessionId: string;
  /** Member id → present / excused / absent; members left out are not recorded. */
  presence: Record<string, string>;
}

/** Records who attended a session (present, excused, absent), replacing what was recorded before. */
export const recordAttendance = defineOperation({
  name: 'coordination.record-attendance',
  permission: 'coordination.manage',
  async run({ tx, tenant, audit }, input: AttendanceInput) {
    const session = isUuid(input.sessionId)
      ? await tx.selectFrom('coordination_sessions').select('id').where('id', '=', input.sessionId).executeTakeFirst()
      : undefined;
    if (!session) throw notFound('Session');
    const members = new Set((await tx.selectFrom('coordination_council_members').select('id').execute()).map((m) => m.id));
    const problems = new Problems();
    const rows: { member_id: string; presence: (typeof presences)[number] }[] = [];
    for (const [memberId, raw] of Object.entries(input.presence)) {
      if (raw === '') continue;
      const field = `presence-${memberId}`;
      if (!members.has(memberId)) problems.add(field, 'is not a member of the council', 'membre inconnu');
      const presence = problems.oneOf(field, raw, presences);
      if (presence && members.has(memberId)) rows.push({ member_id: memberId, presence });
    }
    problems.throwIfAny();
    await tx.deleteFrom('coordination_session_attendance').where('session_id', '=', session.id).execute();
    if (rows.length)
      await tx
        .insertInto('coordination_session_attendance')
        .values(rows.map((r) => ({ ...r, session_id: session.id, tenant_id: tenant.id })))
        .execute();
    audit({ entityType: 'coordination-session', entityId: session.id, fields: ['attendance'], count: rows.length });
    return { recorded: rows.length };
  },
});
