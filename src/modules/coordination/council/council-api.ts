import { Type } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { withTenant } from '../../../db/tenant-transaction.js';
import { can } from '../../../platform/access/actor.js';
import type { AppDeps } from '../../../platform/deps.js';
import { notFound } from '../../../platform/errors.js';
import { readSettings } from '../../../platform/settings/tenant-settings.js';
import { isUuid } from './council-input.js';
import { indicatorFigures, indicatorRowsOf } from './indicator-figures.js';
import { requireProgramme } from './page-common.js';
import { shown } from './protect-figures.js';
import { loadSheet } from './strategy-queries.js';

const MaybeInt = Type.Union([Type.Integer(), Type.Null()]);
const Indicator = Type.Object({
  id: Type.String(),
  label: Type.String(),
  source: Type.String({ description: 'A figure id (`reports.received`…) or `manual`' }),
  option: Type.Union([Type.String(), Type.Null()]),
  target: Type.Integer(),
  target_year: Type.Integer(),
  baseline_year: MaybeInt,
  baseline: MaybeInt,
  direction: Type.Union([Type.Literal('up'), Type.Literal('down')]),
  years: Type.Array(
    Type.Object({
      year: Type.Integer(),
      value: Type.Union([Type.Integer(), Type.Null()], { description: 'Null: not begun, not typed, or under the threshold' }),
      so_far: Type.Boolean(),
    }),
  ),
  progress_percent: MaybeInt,
});

/** `GET /api/v1/t/{slug}/coordination/action-sheets/{id}/indicators`: an action sheet's indicators, year by year. */
export function registerCouncilApi(app: FastifyInstance, deps: AppDeps) {
  app.get(
    '/api/v1/t/:slug/coordination/action-sheets/:id/indicators',
    {
      config: { permission: 'coordination.view' },
      schema: {
        tags: ['coordination'],
        summary: 'The live figures of an action sheet’s indicators for each year of the strategy',
        params: Type.Object({ slug: Type.String(), id: Type.String() }),
        response: {
          200: Type.Object({
            sheet: Type.String(),
            small_number_threshold: Type.Union([Type.Integer(), Type.Null()], {
              description: 'Null: exact figures (coordination.manage)',
            }),
            indicators: Type.Array(Indicator),
          }),
        },
      },
    },
    async (request: FastifyRequest<{ Params: { slug: string; id: string } }>) => {
      requireProgramme(request);
      const tenant = request.tenant!;
      const manages = can(request.actor, 'coordination.manage');
      const data = await withTenant(deps.database.db, tenant.id, async (tx) => {
        const loaded = isUuid(request.params.id) ? await loadSheet(tx, request.params.id) : undefined;
        if (!loaded) return undefined;
        const { first_year, last_year } = loaded.sheet;
        const rows = await indicatorRowsOf(tx, loaded.sheet.id);
        return {
          id: loaded.sheet.id,
          figures: await indicatorFigures(tx, tenant, deps.clock.now(), rows, [first_year, first_year + 1, last_year]),
          k: manages ? null : (await readSettings(tx)).smallNumberThreshold,
        };
      });
      if (!data) throw notFound('Action sheet');
      const value = (n: number | null) => {
        const cell = shown(n, data.k);
        return cell?.kind === 'shown' ? cell.value : null;
      };
      return {
        sheet: data.id,
        small_number_threshold: data.k,
        indicators: data.figures.map((f) => ({
          id: f.id,
          label: f.label,
          source: f.sourceId,
          option: f.sourceOption,
          target: f.targetValue,
          target_year: f.targetYear,
          baseline_year: f.baselineYear,
          baseline: value(f.baseline),
          direction: f.direction,
          years: f.years.map((y) => ({ year: y.year, value: value(y.value), so_far: y.soFar })),
          // Progress tells the exact figure back: only for those who see exact figures.
          progress_percent: data.k === null ? f.progress : null,
        })),
      };
    },
  );
}
