import type { Tx } from '../../db/database.js';
import type { OperationScope } from '../../platform/access/operation.js';
import type { ReportEventsTable } from './tables.js';

type EventInput = Pick<ReportEventsTable, 'kind'> & {
  fromStatus?: string | null;
  toStatus?: string | null;
  note?: string | null;
  forReporter?: boolean;
};

/** One line of a report's history, written by the operation that made the change. */
export async function writeReportEvent(
  tx: Tx,
  { tenant, actor, clock }: Pick<OperationScope, 'tenant' | 'actor' | 'clock'>,
  reportId: string,
  event: EventInput,
): Promise<void> {
  await tx
    .insertInto('report_events')
    .values({
      tenant_id: tenant.id,
      report_id: reportId,
      at: clock.now(),
      actor: actor.label,
      kind: event.kind,
      from_status: event.fromStatus ?? null,
      to_status: event.toStatus ?? null,
      note: event.note ?? null,
      for_reporter: event.forReporter ?? false,
    })
    .execute();
}
