import { Type } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/deps.js';
import type { ProtectedCount } from '../../platform/privacy/small-numbers.js';
import type { ReportLine } from './report-figures.js';
import { readReport } from './report-page.js';

/** A count as published: its value, or null with `hidden: true` when the small-number rule hides it. */
const Count = Type.Object(
  { value: Type.Union([Type.Integer(), Type.Null()]), hidden: Type.Boolean() },
  { additionalProperties: false },
);
const Line = Type.Object(
  { key: Type.String(), label: Type.String(), encounters: Count, people: Count },
  { additionalProperties: false },
);
const Report = Type.Object(
  {
    from: Type.String(),
    to: Type.String(),
    member: Type.Union([Type.Object({ id: Type.String(), name: Type.String() }, { additionalProperties: false }), Type.Null()]),
    protected: Type.Boolean({ description: 'True when every count went through the small-number rule' }),
    k: Type.Integer(),
    peopleMet: Count,
    distinctPeople: Count,
    encounters: Count,
    rounds: Count,
    hours: Type.Union([Type.Number(), Type.Null()]),
    faireAvec: Type.Object(
      { encounters: Count, people: Count, share: Type.Union([Type.Number(), Type.Null()]) },
      { additionalProperties: false },
    ),
    themes: Type.Array(Line),
    activities: Type.Array(Line),
    byMonth: Type.Array(Line),
    byTerritory: Type.Array(Line),
    byQpv: Type.Array(Line),
    situations: Type.Array(Type.Object({ outcome: Type.String(), count: Count }, { additionalProperties: false })),
    situationsTotal: Count,
    referrals: Type.Array(
      Type.Object({ partner: Type.String(), counts: Type.Array(Count), total: Count }, { additionalProperties: false }),
    ),
    referralOutcomes: Type.Array(Type.String()),
    referralTotals: Type.Array(Count),
    referralsTotal: Count,
  },
  { additionalProperties: false },
);
const ErrorAnswer = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String(), details: Type.Array(Type.Any()), requestId: Type.String() }),
});

const count = (c: ProtectedCount) => (c.kind === 'shown' ? { value: c.value, hidden: false } : { value: null, hidden: true });
const line = (l: ReportLine) => ({ key: l.key, label: l.label, encounters: count(l.encounters), people: count(l.people) });

/** `GET /api/v1/t/{slug}/mediation/report`: the report's figures for the observatory, as the page shows them. */
export function registerReportApi(app: FastifyInstance, deps: AppDeps) {
  app.get<{ Params: { slug: string }; Querystring: { from?: string; to?: string; member?: string } }>(
    '/api/v1/t/:slug/mediation/report',
    {
      config: { permission: ['mediation.manage', 'mediation.funder'] },
      schema: {
        tags: ['mediation'],
        summary: 'The activity report for a period: the whole GIP (managers, exact) or a member’s funded territories (protected)',
        params: Type.Object({ slug: Type.String() }),
        querystring: Type.Object(
          {
            from: Type.Optional(Type.String({ description: 'YYYY-MM-DD, default 1 January of this year' })),
            to: Type.Optional(Type.String({ description: 'YYYY-MM-DD, default today (the tenant’s zone)' })),
            member: Type.Optional(
              Type.String({ description: 'A member organisation’s id; forced to their own for a funding member' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: Report, '4xx': ErrorAnswer },
      },
    },
    async (request) => {
      const { report: r } = await readReport(deps, request, request.query);
      return {
        ...r,
        peopleMet: count(r.peopleMet),
        distinctPeople: count(r.distinctPeople),
        encounters: count(r.encounters),
        rounds: count(r.rounds),
        faireAvec: { encounters: count(r.faireAvec.encounters), people: count(r.faireAvec.people), share: r.faireAvec.share },
        themes: r.themes.map(line),
        activities: r.activities.map(line),
        byMonth: r.byMonth.map(line),
        byTerritory: r.byTerritory.map(line),
        byQpv: r.byQpv.map(line),
        situations: r.situations.map((s) => ({ outcome: s.outcome, count: count(s.count) })),
        situationsTotal: count(r.situationsTotal),
        referrals: r.referrals.map((x) => ({ partner: x.partner, counts: x.counts.map(count), total: count(x.total) })),
        referralOutcomes: [...r.referralOutcomes],
        referralTotals: r.referralTotals.map(count),
        referralsTotal: count(r.referralsTotal),
      };
    },
  );
}
