import type { FastifyRequest } from 'fastify';
import type { AppDeps } from '../../../platform/deps.js';
import type { StatusChange } from '../../reports/change-report-status.js';

/**
 * After the entry's transaction committed: a reporter who asked to be told gets the report's new generic state
 * (never anything of the intervention). A mail that fails is logged, not shown: the entry is saved.
 */
export async function tellReporter(deps: AppDeps, request: FastifyRequest, change: StatusChange | undefined) {
  if (!change) return;
  // Loaded on use: notify-report reads the role grants, whose module list includes this part (an import cycle).
  const { notifyReporter } = await import('../../reports/notify-report.js');
  await notifyReporter(deps, request.tenant!, change).catch((error: unknown) => {
    request.log.warn({ err: error }, 'report notification not sent');
    return false;
  });
}
