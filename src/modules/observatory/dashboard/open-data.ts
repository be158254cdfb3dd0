import { Type } from '@fastify/type-provider-typebox';
import { stringify } from 'csv-stringify/sync';
import type { FastifyInstance } from 'fastify';
import { type AppDeps, readingDb } from '../../../platform/deps.js';

import type { PlaceSeries } from './crime-figures.js';
import { type CrimeSection, type DashboardData, readDashboard } from './dashboard-data.js';
import { observatoryTenant } from './observatory-tenant.js';
import { protectCrimeSection, protectOwnFigures } from './public-figures.js';

/** The columns of the open data, in order: documented in docs/observatory-open-data.md and in the Table Schema. */
export const openDataFields = [
  { name: 'collectivite', type: 'string', description: 'Identifiant (slug) de la collectivité qui publie.' },
  {
    name: 'source',
    type: 'string',
    description: '« ssmsi » (délinquance enregistrée) ou « plateforme » (chiffres des dispositifs).',
    constraints: { enum: ['ssmsi', 'plateforme'] },
  },
  {
    name: 'indicateur',
    type: 'string',
    description: 'Clé stable de l’indicateur SSMSI ou identifiant de la source de chiffres (reports.received…).',
  },
  {
    name: 'precision',
    type: 'string',
    description: 'Précision de la source (code de catégorie de signalement) ; vide pour le chiffre entier.',
  },
  { name: 'libelle', type: 'string', description: 'Libellé en français.' },
  {
    name: 'unite',
    type: 'string',
    description: 'Unité de compte (victime, infraction, mis_en_cause, signalements…) : deux unités ne s’additionnent pas.',
  },
  {
    name: 'territoire_niveau',
    type: 'string',
    description:
      'commune, ensemble (communes de la collectivité recalculées), departement, france, communes_similaires (même tranche de population, chiffres publiés seulement) ou collectivite.',
    constraints: { enum: ['commune', 'ensemble', 'departement', 'france', 'communes_similaires', 'collectivite'] },
  },
  {
    name: 'territoire_code',
    type: 'string',
    description:
      'Code INSEE de la commune, code du département, « FR », tranche de population (« 200000-500000 »), ou le slug pour les chiffres de la collectivité.',
  },
  { name: 'annee', type: 'integer', description: 'Année civile.' },
  { name: 'annee_partielle', type: 'boolean', description: 'true quand l’année est en cours (chiffre à date).' },
  {
    name: 'valeur',
    type: 'integer',
    description: 'Le nombre ; vide quand il est inconnu, non publié par le SSMSI ou masqué (petit effectif).',
  },
  {
    name: 'statut_valeur',
    type: 'string',
    description: 'publie, non_publie (secret statistique du SSMSI ou donnée absente) ou masque (petit effectif ou complément).',
    constraints: { enum: ['publie', 'non_publie', 'masque'] },
  },
  {
    name: 'taux_pour_mille',
    type: 'number',
    description: 'Taux pour 1 000 habitants (logements pour les cambriolages) ; vide si inconnu ou sans objet.',
  },
  {
    name: 'rupture_de_serie_avant',
    type: 'boolean',
    description: 'true quand la définition de l’indicateur a changé depuis l’année précédente.',
  },
] as const;

type Row = (string | number | boolean)[];

function crimeRows(slug: string, data: DashboardData): Row[] {
  const rows: Row[] = [];
  const placesOf = (section: CrimeSection): [PlaceSeries, string][] => [
    ...section.communes.map((c): [PlaceSeries, string] => [c, 'commune']),
    ...(section.whole ? [[section.whole, 'ensemble'] as [PlaceSeries, string]] : []),
    ...(section.departement ? [[section.departement, 'departement'] as [PlaceSeries, string]] : []),
    ...(section.france ? [[section.france, 'france'] as [PlaceSeries, string]] : []),
    ...(section.similar ? [[section.similar, 'communes_similaires'] as [PlaceSeries, string]] : []),
  ];
  for (const raw of data.crime) {
    const exact = placesOf(raw);
    placesOf(protectCrimeSection(raw, data.k)).forEach(([place, level], p) => {
      place.years.forEach((y, i) => {
        // Hidden here but known in the SSMSI file: a small count, masked; unknown in the file: not published.
        const hidden = y.count === null && exact[p]![0].years[i]!.count !== null;
        rows.push([
          slug,
          'ssmsi',
          raw.indicator.key,
          '',
          raw.indicator.label.fr,
          raw.indicator.unit,
          level,
          place.code,
          y.year,
          false,
          y.count ?? '',
          y.count !== null ? 'publie' : hidden ? 'masque' : 'non_publie',
          y.rate ?? '',
          y.seriesBreakBefore,
        ]);
      });
    });
  }
  return rows;
}

function ownRows(slug: string, data: DashboardData): Row[] {
  return protectOwnFigures(data.own, data.k).flatMap(({ line, cells }) =>
    cells.map((cell, i) => [
      slug,
      'plateforme',
      line.sourceId,
      line.option,
      line.optionLabel ? `${line.label.fr} — ${line.optionLabel.fr}` : line.label.fr,
      line.unit.fr,
      'collectivite',
      slug,
      data.ownYears[i]!,
      data.ownYears[i] === data.currentYear,
      cell.kind === 'shown' ? cell.value : '',
      cell.kind === 'shown' ? 'publie' : 'masque',
      '',
      false,
    ]),
  );
}

/** The published figures as CSV (header first), the same for every reader. */
export function openDataCsv(slug: string, data: DashboardData): string {
  // Booleans written out: csv-stringify would write false as an empty cell, which the schema reads as missing.
  const rows = [...crimeRows(slug, data), ...ownRows(slug, data)].map((row) =>
    row.map((cell) => (typeof cell === 'boolean' ? String(cell) : cell)),
  );
  return stringify([openDataFields.map((f) => f.name), ...rows]);
}

/** The Frictionless Table Schema of that CSV. */
export const openDataSchema = () => ({
  $schema: 'https://specs.frictionlessdata.io/schemas/table-schema.json',
  fields: openDataFields,
  missingValues: [''],
  primaryKey: ['source', 'indicateur', 'precision', 'territoire_niveau', 'territoire_code', 'annee'],
});

/** `/t/{slug}/observatoire/donnees.csv` and `…/donnees.schema.json`: open data, published figures only. */
export function registerOpenData(app: FastifyInstance, deps: AppDeps) {
  const params = Type.Object({ slug: Type.String() });
  app.get<{ Params: { slug: string } }>(
    '/t/:slug/observatoire/donnees.csv',
    { config: { public: true }, schema: { hide: true, params } },
    async (request, reply) => {
      const tenant = await observatoryTenant(readingDb(deps), request.params.slug);
      const data = await readDashboard(readingDb(deps), tenant, deps.clock.now(), { audience: 'public' });
      return reply
        .type('text/csv; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="observatoire-${tenant.slug}.csv"`)
        .send(openDataCsv(tenant.slug, data));
    },
  );
  app.get<{ Params: { slug: string } }>(
    '/t/:slug/observatoire/donnees.schema.json',
    { config: { public: true }, schema: { hide: true, params } },
    async (request, reply) => {
      await observatoryTenant(readingDb(deps), request.params.slug);
      return reply.type('application/json; charset=utf-8').send(openDataSchema());
    },
  );
}
