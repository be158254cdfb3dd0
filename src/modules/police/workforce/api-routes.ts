import { Type } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { withTenant } from '../../../db/tenant-transaction.js';
import { can } from '../../../platform/access/actor.js';
import type { AppDeps } from '../../../platform/deps.js';
import { invalidInput } from '../../../platform/errors.js';
import { requestContext } from '../../../platform/http/request-context.js';
import type { ProtectedCount } from '../../../platform/privacy/small-numbers.js';
import { readSettings } from '../../../platform/settings/tenant-settings.js';
import { createAgent, recordMovement } from './agent-operations.js';
import { type ProtectedCategory, protectHeadcount, protectTrajectory } from './figures-protection.js';
import { requireProgramme } from './page-common.js';
import { isDate, localToday } from './problems.js';
import { readHeadcount, readTrajectory } from './read-trajectory.js';
import { type Category, categories } from './tables.js';
import { listAgents } from './workforce-queries.js';

// Null: fewer than the small-number threshold, hidden from holders of police.figures alone.
const Count = Type.Object({ heads: Type.Union([Type.Integer(), Type.Null()]), fte: Type.Union([Type.Number(), Type.Null()]) });
const MaybeInt = Type.Union([Type.Integer(), Type.Null()]);
const Threshold = Type.Union([Type.Integer(), Type.Null()], {
  description: 'The small-number threshold applied (null: exact figures, for the police management)',
});
const num = (c: ProtectedCount) => (c.kind === 'shown' ? c.value : null);
const count = (c: ProtectedCategory) => ({ heads: num(c.heads), fte: c.fte });
/** Null for the police management (exact figures), else the tenant's small-number threshold. */
const thresholdFor = (deps: AppDeps, request: FastifyRequest) =>
  can(request.actor, 'police.workforce')
    ? Promise.resolve(null)
    : withTenant(deps.database.db, request.tenant!.id, async (tx) => (await readSettings(tx)).smallNumberThreshold);
const Headcount = Type.Object(Object.fromEntries(categories.map((c) => [c, Count])));
const Slug = Type.Object({ slug: Type.String() });
const CategoryEnum = Type.Union(categories.map((c) => Type.Literal(c)));
const Movement = {
  effective_on: Type.String({ format: 'date' }),
  category: Type.Optional(CategoryEnum),
  grade_code: Type.Optional(Type.String({ maxLength: 40 })),
  unit_id: Type.Optional(Type.String({ maxLength: 36 })),
  fte_percent: Type.Optional(Type.Integer()),
  status: Type.Optional(Type.Union(['active', 'long_leave', 'suspended'].map((s) => Type.Literal(s)))),
  note: Type.Optional(Type.String({ maxLength: 500 })),
};
type MovementBody = {
  effective_on: string;
  category?: string;
  grade_code?: string;
  unit_id?: string;
  fte_percent?: number;
  status?: string;
  note?: string;
};
const toInput = (b: MovementBody) => ({
  effectiveOn: b.effective_on,
  category: b.category,
  gradeCode: b.grade_code,
  unitId: b.unit_id,
  ftePercent: b.fte_percent === undefined ? undefined : String(b.fte_percent),
  status: b.status,
  note: b.note,
});

/** `/api/v1/t/{slug}/police/…`: headcount, trajectory, agents and their movements. */
export function registerWorkforceApi(app: FastifyInstance, deps: AppDeps) {
  const base = '/api/v1/t/:slug/police';
  app.get(
    `${base}/headcount`,
    {
      config: { permission: 'police.figures' },
      schema: {
        tags: ['police'],
        summary: 'Heads and FTE by category on a date, computed from dated movements',
        params: Slug,
        querystring: Type.Object(
          { on: Type.Optional(Type.String({ description: 'YYYY-MM-DD; default today' })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ on: Type.String(), headcount: Headcount, small_number_threshold: Threshold }) },
      },
    },
    async (request: FastifyRequest<{ Querystring: { on?: string } }>) => {
      requireProgramme(request);
      const on = request.query.on ?? localToday(deps.clock.now(), request.tenant!.time_zone);
      if (!isDate(on)) throw invalidInput('on', 'must be a date (YYYY-MM-DD)', 'une date (AAAA-MM-JJ)');
      const k = await thresholdFor(deps, request);
      const shown = protectHeadcount(await readHeadcount(deps.database.db, request.tenant!, on), k);
      return {
        on,
        headcount: Object.fromEntries(Object.entries(shown).map(([c, v]) => [c, count(v)])),
        small_number_threshold: k,
      };
    },
  );

  app.get(
    `${base}/trajectory`,
    {
      config: { permission: 'police.figures' },
      schema: {
        tags: ['police'],
        summary: 'Month-by-month headcount of a category from the mandate’s start, against targets',
        params: Slug,
        querystring: Type.Object({ category: Type.Optional(CategoryEnum) }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            category: Type.String(),
            starts_on: Type.String(),
            start: Count,
            current: Count,
            growth_percent: Type.Union([Type.Number(), Type.Null()]),
            recruitments: MaybeInt,
            departures: MaybeInt,
            months: Type.Array(
              Type.Object({
                month: Type.String(),
                on: Type.String(),
                heads: MaybeInt,
                fte: Type.Union([Type.Number(), Type.Null()]),
                recruitments: MaybeInt,
                departures: MaybeInt,
                transfers_in: MaybeInt,
                transfers_out: MaybeInt,
              }),
            ),
            targets: Type.Array(Type.Object({ target_on: Type.String(), heads: Type.Integer(), gap: MaybeInt })),
            small_number_threshold: Threshold,
          }),
        },
      },
    },
    async (request: FastifyRequest<{ Querystring: { category?: Category } }>) => {
      requireProgramme(request);
      const v = await readTrajectory(
        deps.database.db,
        request.tenant!,
        request.query.category ?? 'apm',
        localToday(deps.clock.now(), request.tenant!.time_zone),
      );
      const k = await thresholdFor(deps, request);
      const p = protectTrajectory(v, k);
      return {
        category: v.category,
        starts_on: v.startsOn,
        start: count(p.start),
        current: count(p.current),
        growth_percent: p.growthPercent,
        recruitments: num(p.recruitments),
        departures: num(p.departures),
        months: p.months.map((m) => ({
          month: m.month,
          on: m.on,
          ...count(m.count),
          recruitments: num(m.recruitments),
          departures: num(m.departures),
          transfers_in: num(m.transfersIn),
          transfers_out: num(m.transfersOut),
        })),
        targets: p.targets.map((t) => ({ target_on: t.targetOn, heads: t.heads, gap: t.gap })),
        small_number_threshold: k,
      };
    },
  );

  app.get(
    `${base}/agents`,
    {
      config: { permission: 'police.workforce' },
      schema: {
        tags: ['police'],
        summary: 'The agents (identity only; police roles)',
        params: Slug,
        response: {
          200: Type.Array(
            Type.Object({
              id: Type.String(),
              staff_number: Type.String(),
              family_name: Type.String(),
              given_name: Type.String(),
            }),
          ),
        },
      },
    },
    async (request) => {
      requireProgramme(request);
      return withTenant(deps.database.db, request.tenant!.id, listAgents);
    },
  );

  app.post(
    `${base}/agents`,
    {
      config: { permission: 'police.workforce' },
      schema: {
        tags: ['police'],
        summary: 'A new agent with their dated arrival',
        params: Slug,
        body: Type.Object(
          {
            staff_number: Type.String({ maxLength: 40 }),
            family_name: Type.String({ maxLength: 120 }),
            given_name: Type.String({ maxLength: 120 }),
            ...Movement,
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ id: Type.String() }) },
      },
    },
    async (
      request: FastifyRequest<{ Body: MovementBody & { staff_number: string; family_name: string; given_name: string } }>,
      reply,
    ) => {
      requireProgramme(request);
      const b = request.body;
      const agent = await createAgent(requestContext(deps, request), {
        staffNumber: b.staff_number,
        familyName: b.family_name,
        givenName: b.given_name,
        ...toInput(b),
      });
      return reply.status(201).send(agent);
    },
  );

  app.post(
    `${base}/agents/:id/movements`,
    {
      config: { permission: 'police.workforce' },
      schema: {
        tags: ['police'],
        summary: 'A dated movement of an agent: change, departure or return',
        params: Type.Object({ slug: Type.String(), id: Type.String() }),
        body: Type.Object(
          { kind: Type.Union(['arrival', 'change', 'departure'].map((k) => Type.Literal(k))), ...Movement },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ id: Type.String() }) },
      },
    },
    async (request: FastifyRequest<{ Params: { id: string }; Body: MovementBody & { kind: string } }>, reply) => {
      requireProgramme(request);
      const row = await recordMovement(requestContext(deps, request), {
        agentId: request.params.id,
        kind: request.body.kind,
        ...toInput(request.body),
      });
      return reply.status(201).send(row);
    },
  );
}
