import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../../platform/deps.js';
import { AppError, type FieldProblem } from '../../../platform/errors.js';
import { requestContext } from '../../../platform/http/request-context.js';
import { sendAgentsPage } from './agent-pages.js';
import { describeAgentsImport, exportPoliceAgents, importAgentsCsv } from './agents-csv.js';
import { type CsvEncoding, csvEncodings, oneChunk } from './csv-read.js';
import { type FormState, policeBase, requireProgramme } from './page-common.js';
import { sendTrainingsPage } from './training-pages.js';
import { describeTrainingsImport, exportPoliceTrainings, importTrainingsCsv } from './trainings-csv.js';

type Req = FastifyRequest<{ Params: { slug: string } }>;
const limits = { multipartOptions: { limits: { fileSize: 10 * 1024 * 1024, files: 1 } } };

/** Exports as files, and imports from the agents and trainings pages (post/redirect/get; refused: 400, nothing saved). */
export function registerCsvRoutes(app: FastifyInstance, deps: AppDeps) {
  const base = policeBase(':slug');
  const csv = (reply: FastifyReply, name: string, text: string) =>
    reply
      .type('text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="${name}"`)
      .header('Cache-Control', 'no-store')
      .send(text);
  app.get(
    `${base}/agents.csv`,
    { config: { permission: 'police.workforce' }, schema: { hide: true } },
    async (request: Req, reply) => {
      requireProgramme(request);
      return csv(
        reply,
        `agents-police-${request.tenant!.slug}.csv`,
        await exportPoliceAgents(requestContext(deps, request), undefined),
      );
    },
  );
  app.get(
    `${base}/formations.csv`,
    { config: { permission: 'police.trainings' }, schema: { hide: true } },
    async (request: Req, reply) => {
      requireProgramme(request);
      return csv(
        reply,
        `formations-police-${request.tenant!.slug}.csv`,
        await exportPoliceTrainings(requestContext(deps, request), undefined),
      );
    },
  );

  const upload = (
    path: string,
    permission: string,
    run: typeof importAgentsCsv | typeof importTrainingsCsv,
    describe: (result: never) => string,
    again: (request: Req, reply: FastifyReply, state: FormState) => Promise<unknown>,
    back: string,
  ) =>
    app.post(`${base}/${path}`, { config: { permission, ...limits }, schema: { hide: true } }, async (request: Req, reply) => {
      requireProgramme(request);
      const body = (request.body ?? {}) as Record<string, unknown>;
      const encoding = (
        typeof body.encoding === 'string' && (csvEncodings as readonly string[]).includes(body.encoding) ? body.encoding : 'utf-8'
      ) as CsvEncoding;
      const values = { form: 'import', encoding };
      try {
        const file = body.file;
        if (!Buffer.isBuffer(file) || file.length === 0)
          throw new AppError('invalid_input', 'file: no file', [
            { field: 'file', message: 'choose a CSV file', fr: 'choisissez un fichier CSV' },
          ]);
        const result = await run(requestContext(deps, request), oneChunk(file), { encoding });
        request.log.info({ imported: describe(result as never) }, 'police CSV import');
        return reply.redirect(`${policeBase(request.tenant!.slug)}/${back}?fait=1`, 303);
      } catch (error) {
        if (error instanceof AppError && error.code === 'invalid_input')
          return again(request, reply, { problems: error.details as FieldProblem[], values, status: 400 });
        throw error;
      }
    });
  upload(
    'agents/import',
    'police.workforce',
    importAgentsCsv,
    describeAgentsImport,
    (q, r, s) => sendAgentsPage(deps, q, r, s),
    'agents',
  );
  upload(
    'formations/import',
    'police.trainings',
    importTrainingsCsv,
    describeTrainingsImport,
    (q, r, s) => sendTrainingsPage(deps, q, r, s),
    'formations',
  );
}
