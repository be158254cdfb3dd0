import { Type } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../../platform/deps.js';
import { requestContext } from '../../../platform/http/request-context.js';
import { readLocalFigures } from './local-figures.js';
import { requireObservatory } from './require-observatory.js';

const Month = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM' });
const Figure = Type.Object(
  {
    month: Month,
    indicator: Type.String(),
    count: Type.Integer(),
    source: Type.Union([Type.Literal('police_nationale'), Type.Literal('gendarmerie')]),
  },
  { additionalProperties: false },
);
const ErrorAnswer = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String(), details: Type.Array(Type.Any()), requestId: Type.String() }),
});

/** `GET /api/v1/t/{slug}/observatory/local-figures`: the State's confidential monthly figures (an audited read). */
export function registerLocalFigureRoutes(app: FastifyInstance, deps: AppDeps) {
  app.get<{ Params: { slug: string }; Querystring: { from?: string; to?: string } }>(
    '/api/v1/t/:slug/observatory/local-figures',
    {
      // Any observatory reader reaches it; the tenant's list of roles decides (404 otherwise).
      config: { permission: 'observatory.view' },
      schema: {
        tags: ['observatory'],
        summary:
          'Monthly figures shared by the national police or gendarmerie (confidential: the roles the tenant lists, or a token with observatory.confidential; each read is audited)',
        params: Type.Object({ slug: Type.String() }),
        querystring: Type.Object({ from: Type.Optional(Month), to: Type.Optional(Month) }, { additionalProperties: false }),
        response: { 200: Type.Object({ figures: Type.Array(Figure) }, { additionalProperties: false }), '4xx': ErrorAnswer },
      },
    },
    async (request) => {
      requireObservatory(request.tenant);
      return { figures: await readLocalFigures(requestContext(deps, request), request.query) };
    },
  );
}
