import type { FastifyInstance } from 'fastify';
import { withTenant } from '../../db/tenant-transaction.js';
import type { AppDeps } from '../../platform/deps.js';
import { AppError } from '../../platform/errors.js';
import { pageContext } from '../../platform/pages/render.js';
import { driverSheetPdf } from './driver-sheet.js';
import { findActiveFeed, lineGeometry, listLines } from './night-network.js';
import { listSections, listZones, readSettings } from './night-rules.js';
import { DAYS, hhmm } from './service-time.js';

/** `GET /t/{slug}/espace/descente/fiche/{route}/{direction}.pdf`: the driver sheet the operator prints. */
export function registerDriverSheetRoute(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps.database;
  app.get<{ Params: { slug: string; route: string; file: string } }>(
    '/t/:slug/espace/descente/fiche/:route/:file',
    { config: { permission: 'night-stops.log' }, schema: { hide: true } },
    async (request, reply) => {
      const tenant = request.tenant!;
      const { t, lang } = pageContext(request);
      const direction = /^([01])\.pdf$/.exec(request.params.file)?.[1];
      if (direction === undefined) throw new AppError('not_found', 'Not found');
      const input = await withTenant(db, tenant.id, async (tx) => {
        const feed = await findActiveFeed(tx);
        if (!feed) throw new AppError('not_found', 'No active feed');
        const line = (await listLines(tx, feed.id)).find((l) => l.routeId === request.params.route);
        const headsign = line?.directions.find((d) => d.directionId === Number(direction))?.headsign;
        if (!line || headsign === undefined) throw new AppError('not_found', 'No such line and direction');
        const geometry = await lineGeometry(tx, feed, line.routeId, Number(direction));
        const sections = (await listSections(tx, { routeId: line.routeId, directionId: Number(direction) })).flatMap((s) => {
          const span = geometry.span(s.fromStopId, s.toStopId);
          if (!span) return [];
          const [from, to] = span;
          const days = DAYS.filter((_, i) => s.days[i]).map((d) => t(`nightRules.day.${d}`));
          return [
            {
              from: from.name,
              to: to.name,
              days: days.length === 7 ? t('nightRules.everyDay') : days.join(', '),
              hours: `${hhmm(s.startS)}–${hhmm(s.endS)}`,
              fromAlong: from.along,
              toAlong: to.along,
            },
          ];
        });
        const zones = (await listZones(tx)).map((z) => ({ ...z, reason: t(`descente.zone.${z.reason}`) }));
        const settings = await readSettings(tx);
        return { line, headsign, geometry, sections, zones, settings };
      });
      const pdf = await driverSheetPdf({
        lang,
        authority: tenant.name,
        line: input.line.shortName,
        direction: input.headsign,
        geometry: input.geometry,
        sections: input.sections,
        zones: input.zones,
        minDistanceM: input.settings.minDistanceM,
        instructions: input.settings.instructions[lang],
        printedOn: deps.clock.now().toLocaleDateString('en-CA', { timeZone: tenant.time_zone }),
      });
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `inline; filename="fiche-conducteur-${input.line.shortName}-${direction}.pdf"`)
        .send(pdf);
    },
  );
}
