import { createReadStream } from 'node:fs';
import { access, readFile } from 'node:fs/promises';
import { parseConfig } from '../config.js';
import { migrate } from '../db/migrate.js';
import { describeGtfsImport, importGtfs } from '../modules/night-stops/gtfs-import.js';
import { openGtfsPath } from '../modules/night-stops/gtfs-source.js';
import { reportClspdCommand } from '../modules/observatory/report/report-clspd-command.js';
import { describeSsmsiImport, importSsmsi } from '../modules/observatory/ssmsi/import-ssmsi.js';
import { fileSource } from '../modules/observatory/ssmsi/ssmsi-source.js';
import { importEntries } from '../modules/police/main-courante/entries-csv.js';
import { importNatinfFile } from '../modules/police/main-courante/natinf-import.js';
import { describeAgentsImport, importAgentsCsv } from '../modules/police/workforce/agents-csv.js';
import { type CsvEncoding, csvEncodings } from '../modules/police/workforce/csv-read.js';
import { describeTrainingsImport, importTrainingsCsv } from '../modules/police/workforce/trainings-csv.js';
import { importSchools } from '../modules/prevention/sessions/import-schools.js';
import { describeOsmImport, importOsmFile } from '../modules/safe-places/import-osm-places.js';
import { describeGridImport, importPopulationGridFile } from '../modules/safe-places/import-population-grid.js';
import { createAdmin } from '../platform/accounts/member-operations.js';
import { issuePasswordLink } from '../platform/accounts/password-links.js';
import { resetSecondFactorCommand } from '../platform/accounts/totp/reset-second-factor.js';
import { verifyAudit } from '../platform/audit/verify-audit.js';
import { backupCommand, restoreCommand } from '../platform/backup/backup-commands.js';
import { seedDemo } from '../platform/demo/seed-demo.js';
import { AppError } from '../platform/errors.js';
import { importAddresses } from '../platform/geocoding/import-addresses.js';
import { findJob, jobs } from '../platform/jobs/job-list.js';
import { runJob } from '../platform/jobs/run-job.js';
import { createTenant, type NewTenant } from '../platform/tenants/create-tenant.js';
import { parseTerritories } from '../platform/territories/import-territories.js';
import { saveTerritories } from '../platform/territories/save-territories.js';
import { startServer } from '../server.js';
import type { Command } from './command.js';
import { cliContext, tenantOf, withDeps } from './with-deps.js';

const serve: Command = {
  name: 'serve',
  summary: 'Start the web server (migrates, and loads demo data on a first start outside production)',
  usage: 'quietude serve',
  async run() {
    const server = await startServer(parseConfig(), (line) => console.log(line));
    // On SIGTERM (a deploy, a scale-down): stop taking requests, finish those in flight, close the
    // database, exit 0. A request that never ends must not keep the process forever.
    const stop = async () => {
      setTimeout(() => process.exit(1), 25_000).unref();
      await server.close();
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    return { text: '', json: { port: server.port }, keepAlive: true };
  },
};

const migrateCommand: Command = {
  name: 'migrate',
  summary: 'Apply pending database migrations',
  usage: 'quietude migrate',
  run: () =>
    withDeps(async (deps) => {
      const applied = await migrate(deps.database.pool);
      return { text: `${applied.length} migrations applied`, json: { applied } };
    }),
};

const seedDemoCommand: Command = {
  name: 'seed-demo',
  summary: 'Load the demo tenants that are missing (never in production)',
  usage: 'quietude seed-demo',
  run: () =>
    withDeps(async (deps) => {
      await migrate(deps.database.pool);
      const added = await seedDemo(deps.database.db, deps.config.env);
      return { text: `${added} demo tenants added`, json: { added } };
    }),
};

const importTerritoriesCommand: Command = {
  name: 'import-territories',
  summary: 'Load territory outlines from a GeoJSON FeatureCollection',
  usage: 'quietude import-territories <slug> FILE.geojson --kind K --code-prop P --name-prop N',
  positionals: [2, 2],
  options: { kind: { type: 'string' }, 'code-prop': { type: 'string' }, 'name-prop': { type: 'string' } },
  async run({ positionals: [slug, file], values }) {
    for (const required of ['kind', 'code-prop', 'name-prop']) {
      if (typeof values[required] !== 'string') throw new AppError('invalid_input', `--${required} is required`);
    }
    const text = await readFile(file as string, 'utf8').catch(() => {
      throw new AppError('invalid_input', `Cannot read ${file}`);
    });
    const territories = parseTerritories(text, {
      kind: values.kind as string,
      codeProp: values['code-prop'] as string,
      nameProp: values['name-prop'] as string,
    });
    return withDeps(async (deps) => {
      const count = await saveTerritories(await cliContext(deps, slug as string), territories);
      return { text: `${count} territories imported`, json: { imported: count } };
    });
  },
};

const importAddressesCommand: Command = {
  name: 'import-addresses',
  summary: 'Fill the local address index from a BAN addresses CSV file',
  usage: 'quietude import-addresses <slug> FILE.csv',
  positionals: [2, 2],
  run: ({ positionals: [slug, file] }) =>
    withDeps(async (deps) => {
      const count = await importAddresses(await cliContext(deps, slug as string), file as string);
      return { text: `${count} addresses imported`, json: { imported: count } };
    }),
};

const jobsList: Command = {
  name: 'jobs list',
  summary: 'List the declared jobs and their periods',
  usage: 'quietude jobs list',
  async run() {
    return {
      text: jobs.map((j) => `${j.name}\tevery ${j.everyMinutes} min\t${j.description}`).join('\n'),
      json: jobs.map((j) => ({ name: j.name, everyMinutes: j.everyMinutes, description: j.description })),
    };
  },
};

const jobsRun: Command = {
  name: 'jobs run',
  summary: 'Run a job now',
  usage: 'quietude jobs run <name>',
  positionals: [1, 1],
  async run({ positionals: [name] }) {
    const job = findJob(name as string);
    if (!job) throw new AppError('invalid_input', `No job named "${name}". Known jobs: ${jobs.map((j) => j.name).join(', ')}`);
    return withDeps(async (deps) => {
      const result = await runJob(deps, job, `manual:${deps.clock.now().toISOString()}`);
      if (result.ran && result.outcome === 'failed') throw new AppError('internal', `Job ${job.name} failed: ${result.summary}`);
      const summary = result.ran ? result.summary : 'already running';
      return { text: `${job.name}: ${summary}`, json: { job: job.name, ...result } };
    });
  },
};

const auditVerify: Command = {
  name: 'audit-verify',
  summary: 'Check that no audit event of a tenant was changed or removed',
  usage: 'quietude audit-verify <slug>',
  positionals: [1, 1],
  run: ({ positionals: [slug] }) =>
    withDeps(async (deps) => {
      const tenant = await tenantOf(deps, slug as string);
      const verdict = await verifyAudit(deps.database.db, tenant.id);
      if (!verdict.ok) {
        throw new AppError(
          'invalid_input',
          `Audit chain of ${tenant.slug} is broken at event ${verdict.brokenAt}: ${verdict.reason}`,
        );
      }
      return { text: `${verdict.events} audit events verified`, json: verdict };
    }),
};

const createAdminCommand: Command = {
  name: 'create-admin',
  summary: 'Make someone administrator of a tenant and print a one-time link to choose their password',
  usage: 'quietude create-admin <slug> <email>',
  positionals: [2, 2],
  run: ({ positionals: [slug, email] }) =>
    withDeps(async (deps) => {
      const ctx = await cliContext(deps, slug as string);
      const user = await createAdmin(ctx, { email: email as string });
      const link = await issuePasswordLink(deps.database.db, deps.clock, user.id, deps.config.publicUrl);
      return {
        text: `${email} is administrator of ${ctx.tenant.slug}. Password link (valid 24 hours, once):\n${link}`,
        json: { userId: user.id, created: user.created, passwordLink: link },
      };
    }),
};

const createTenantCommand: Command = {
  name: 'create-tenant',
  summary: 'Add a local authority: a commune (--insee), an EPCI or transport authority (--epci SIREN) or a GIP (--name)',
  usage:
    'quietude create-tenant <slug> (--insee CODE | --epci SIREN [--kind aom] | --name NAME) --programmes reports,safe-places,…',
  positionals: [1, 1],
  options: {
    insee: { type: 'string' },
    epci: { type: 'string' },
    name: { type: 'string' },
    kind: { type: 'string' },
    programmes: { type: 'string' },
  },
  run: ({ positionals: [slug], values }) =>
    withDeps(async (deps) => {
      const tenant = await createTenant(deps.database.db, {
        slug: slug as string,
        insee: values.insee as string | undefined,
        epci: values.epci as string | undefined,
        name: values.name as string | undefined,
        kind: values.kind as NewTenant['kind'],
        programmes: String(values.programmes ?? '')
          .split(',')
          .map((p) => p.trim())
          .filter(Boolean),
      });
      return {
        text: `${tenant.name} (${tenant.slug}) created with ${tenant.programmes.length} programmes. Next: quietude create-admin ${tenant.slug} <email>`,
        json: { id: tenant.id, slug: tenant.slug, name: tenant.name, programmes: tenant.programmes },
      };
    }),
};

const importOsmPlacesCommand: Command = {
  name: 'import-osm-places',
  summary: 'Create candidate safe places from an Overpass (OpenStreetMap) GeoJSON export; matches existing places',
  usage: 'quietude import-osm-places <slug> FILE.geojson',
  positionals: [2, 2],
  async run({ positionals: [slug, file] }) {
    const text = await readFile(file as string, 'utf8').catch(() => {
      throw new AppError('invalid_input', `Cannot read ${file}`);
    });
    return withDeps(async (deps) => {
      const result = await importOsmFile(await cliContext(deps, slug as string), text);
      return { text: describeOsmImport(result), json: result };
    });
  },
};

const importPopulationGridCommand: Command = {
  name: 'import-population-grid',
  summary:
    "Replace the tenant's INSEE 200 m population grid (Filosofi CSV, Idcar_200m and Ind) with the squares of its commune; the coverage map uses it",
  usage: 'quietude import-population-grid <slug> FILE.csv [--source "Filosofi 2019"]',
  positionals: [2, 2],
  options: { source: { type: 'string' } },
  run: ({ positionals: [slug, file], values }) =>
    withDeps(async (deps) => {
      const source = typeof values.source === 'string' ? values.source : undefined;
      const result = await importPopulationGridFile(await cliContext(deps, slug as string), file as string, { source });
      return { text: describeGridImport(result), json: result };
    }),
};

const importGtfsCommand: Command = {
  name: 'import-gtfs',
  summary: "Load a GTFS feed (zip or folder) as the tenant's new active version for night stops; a refused feed changes nothing",
  usage: 'quietude import-gtfs <slug> <FEED.zip | FOLDER>',
  positionals: [2, 2],
  run: ({ positionals: [slug, path] }) =>
    withDeps(async (deps) => {
      const ctx = await cliContext(deps, slug as string);
      const result = await importGtfs(ctx, await openGtfsPath(path as string));
      return { text: describeGtfsImport(result), json: result };
    }),
};

const importNatinfCommand: Command = {
  name: 'import-natinf',
  summary: 'Load the official NATINF offence list (CSV: « NATINF », « Qualification de l’infraction »…) shared by every tenant',
  usage: 'quietude import-natinf FILE.csv',
  positionals: [1, 1],
  async run({ positionals: [file] }) {
    await readFile(file as string).catch(() => {
      throw new AppError('invalid_input', `Cannot read ${file}`);
    });
    return withDeps(async (deps) => {
      const result = await importNatinfFile(deps.database.db, file as string, deps.clock.now());
      return { text: `${result.imported} NATINF codes imported`, json: result };
    });
  },
};

const importMainCouranteCommand: Command = {
  name: 'import-main-courante',
  summary: 'Import main courante entries from a CSV (docs/police-main-courante-csv.md); one bad row imports nothing',
  usage: 'quietude import-main-courante <slug> FILE.csv',
  positionals: [2, 2],
  async run({ positionals: [slug, file] }) {
    const csv = await readFile(file as string, 'utf8').catch(() => {
      throw new AppError('invalid_input', `Cannot read ${file}`);
    });
    return withDeps(async (deps) => {
      const result = await importEntries(await cliContext(deps, slug as string), { csv });
      return { text: `${result.imported} entries imported`, json: result };
    });
  },
};

/** A police CSV file, streamed; `--encoding` for files saved by a spreadsheet in Windows-1252. */
async function policeCsvFile(file: string, values: Record<string, string | boolean | undefined>) {
  const encoding = (values.encoding ?? 'utf-8') as CsvEncoding;
  if (!(csvEncodings as readonly string[]).includes(encoding))
    throw new AppError('invalid_input', `--encoding must be one of: ${csvEncodings.join(', ')}`);
  await access(file).catch(() => {
    throw new AppError('invalid_input', `Cannot read ${file}`);
  });
  return { source: createReadStream(file), encoding };
}

const importPoliceAgentsCommand: Command = {
  name: 'import-police-agents',
  summary:
    'Load municipal police agents and their dated movements from a CSV file (docs/police-csv.md); a file with any bad row changes nothing',
  usage: 'quietude import-police-agents <slug> FILE.csv [--encoding utf-8|windows-1252]',
  positionals: [2, 2],
  options: { encoding: { type: 'string' } },
  async run({ positionals: [slug, file], values }) {
    const { source, encoding } = await policeCsvFile(file as string, values);
    return withDeps(async (deps) => {
      const result = await importAgentsCsv(await cliContext(deps, slug as string), source, { encoding });
      return { text: describeAgentsImport(result), json: result };
    });
  },
};

const importPoliceTrainingsCommand: Command = {
  name: 'import-police-trainings',
  summary:
    'Load municipal police training modules, sessions and attendance from a CSV file (docs/police-csv.md); import the agents first',
  usage: 'quietude import-police-trainings <slug> FILE.csv [--encoding utf-8|windows-1252]',
  positionals: [2, 2],
  options: { encoding: { type: 'string' } },
  async run({ positionals: [slug, file], values }) {
    const { source, encoding } = await policeCsvFile(file as string, values);
    return withDeps(async (deps) => {
      const result = await importTrainingsCsv(await cliContext(deps, slug as string), source, { encoding });
      return { text: describeTrainingsImport(result), json: result };
    });
  },
};

const importSchoolsCommand: Command = {
  name: 'import-schools',
  summary:
    'Load schools (UAI, name, type, sector, commune, coordinates) from an Annuaire de l’éducation CSV; one bad row imports nothing',
  usage: 'quietude import-schools <slug> FILE.csv',
  positionals: [2, 2],
  async run({ positionals: [slug, file] }) {
    const csv = await readFile(file as string, 'utf8').catch(() => {
      throw new AppError('invalid_input', `Cannot read ${file}`);
    });
    return withDeps(async (deps) => {
      const result = await importSchools(await cliContext(deps, slug as string), { csv });
      return { text: `${result.imported} schools imported, ${result.skipped} other establishments skipped`, json: result };
    });
  },
};

const importSsmsiCommand: Command = {
  name: 'import-ssmsi',
  summary:
    'Load an SSMSI communal or departmental file (.csv or .csv.gz, current or older format) as the new edition shared by every tenant; a malformed file imports nothing',
  usage: 'quietude import-ssmsi FILE.csv[.gz]',
  positionals: [1, 1],
  async run({ positionals: [file] }) {
    // Checked before opening the database: a wrong path answers at once.
    const source = await fileSource(file as string);
    return withDeps(async (deps) => {
      const report = await importSsmsi(deps.database.db, source, { now: deps.clock.now() });
      return { text: describeSsmsiImport(report), json: report };
    });
  },
};

export const commands: Command[] = [
  serve,
  migrateCommand,
  seedDemoCommand,
  importTerritoriesCommand,
  importAddressesCommand,
  jobsList,
  jobsRun,
  auditVerify,
  createTenantCommand,
  createAdminCommand,
  importOsmPlacesCommand,
  importPopulationGridCommand,
  importGtfsCommand,
  importNatinfCommand,
  importMainCouranteCommand,
  importPoliceAgentsCommand,
  importPoliceTrainingsCommand,
  importSchoolsCommand,
  reportClspdCommand,
  importSsmsiCommand,
  backupCommand,
  restoreCommand,
  resetSecondFactorCommand,
];
