import type { Lang, Translate } from '../../platform/i18n/i18n.js';
import type { MessageKey } from '../../platform/i18n/messages.js';
import { formatProtected, type ProtectedCount } from '../../platform/privacy/small-numbers.js';
import type { MediationReport, ReportLine } from './report-figures.js';

/**
 * The report as the page, the PDF and the CSV show it: the same sections, rows and figures. Each
 * section but the first is drawn as a bar chart of its `chart` column beside its table.
 */
export interface ReportSection {
  /** The CSV's name for it. */
  id: string;
  title: string;
  keyTitle: string;
  columns: { id: string; title: string }[];
  rows: { key: string; label: string; cells: (ProtectedCount | string)[] }[];
  /** The column drawn as bars; absent for the summary. */
  chart?: number;
  note?: string;
}

export const shareText = (share: number | null, lang: Lang) =>
  share === null
    ? lang === 'fr'
      ? 'non publié'
      : 'not published'
    : `${(share * 100).toFixed(1).replace('.', lang === 'fr' ? ',' : '.')} %`;

export const cellText = (cell: ProtectedCount | string, lang: Lang) =>
  typeof cell === 'string' ? cell : formatProtected(cell, lang, { inTable: true });

const monthLabel = (month: string, lang: Lang) =>
  new Date(`${month}-15T12:00:00Z`).toLocaleDateString(lang === 'fr' ? 'fr-FR' : 'en-GB', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });

export function reportSections(report: MediationReport, t: Translate, lang: Lang): ReportSection[] {
  const people = { id: 'personnes', title: t('mediation.report.col.people') };
  const encounters = { id: 'rencontres', title: t('mediation.report.col.encounters') };
  const lines = (list: ReportLine[], label: (l: ReportLine) => string) =>
    list.map((l) => ({ key: l.key, label: label(l), cells: [l.people, l.encounters] }));
  const hours =
    report.hours === null ? t('mediation.report.notPublished') : String(report.hours).replace('.', lang === 'fr' ? ',' : '.');
  return [
    {
      id: 'ensemble',
      title: t('mediation.report.summary'),
      keyTitle: t('mediation.report.col.figure'),
      columns: [{ id: 'valeur', title: t('mediation.report.col.value') }],
      rows: [
        { key: 'personnes_rencontrees', label: t('mediation.report.peopleMet'), cells: [report.peopleMet] },
        { key: 'personnes_distinctes_suivies', label: t('mediation.report.distinctPeople'), cells: [report.distinctPeople] },
        { key: 'rencontres', label: t('mediation.report.encounters'), cells: [report.encounters] },
        { key: 'tournees', label: t('mediation.report.rounds'), cells: [report.rounds] },
        { key: 'heures_de_presence', label: t('mediation.report.hours'), cells: [hours] },
        { key: 'faire_avec', label: t('mediation.report.faireAvec'), cells: [report.faireAvec.encounters] },
        { key: 'part_faire_avec', label: t('mediation.report.faireAvecShare'), cells: [shareText(report.faireAvec.share, lang)] },
        { key: 'situations_suivies', label: t('mediation.report.situations'), cells: [report.situationsTotal] },
        { key: 'orientations', label: t('mediation.report.referrals'), cells: [report.referralsTotal] },
      ],
      note: t('mediation.report.peopleNote'),
    },
    {
      id: 'par_mois',
      title: t('mediation.report.byMonth'),
      keyTitle: t('mediation.report.col.month'),
      columns: [people, encounters],
      rows: lines(report.byMonth, (l) => monthLabel(l.key, lang)),
      chart: 0,
    },
    {
      id: 'par_territoire',
      title: t('mediation.report.byTerritory'),
      keyTitle: t('mediation.report.col.territory'),
      columns: [people, encounters],
      rows: lines(report.byTerritory, (l) => l.label || t('mediation.report.noSector')),
      chart: 0,
    },
    {
      id: 'par_qpv',
      title: t('mediation.report.byQpv'),
      keyTitle: t('mediation.report.col.qpv'),
      columns: [people, encounters],
      rows: lines(report.byQpv, (l) => l.label || t('mediation.report.outsideQpv')),
      chart: 0,
    },
    {
      id: 'activites',
      title: t('mediation.report.activities'),
      keyTitle: t('mediation.report.col.activity'),
      columns: [encounters, people],
      rows: report.activities.map((l) => ({
        key: l.key,
        label: t(`mediation.activity.${l.key}` as MessageKey),
        cells: [l.encounters, l.people],
      })),
      chart: 0,
    },
    {
      id: 'themes',
      title: t('mediation.report.themes'),
      keyTitle: t('mediation.report.col.theme'),
      columns: [encounters, people],
      rows: report.themes.map((l) => ({
        key: l.key,
        label: t(`mediation.theme.${l.key}` as MessageKey),
        cells: [l.encounters, l.people],
      })),
      chart: 0,
      note: t('mediation.report.themesNote'),
    },
    {
      id: 'situations',
      title: t('mediation.report.situationsByOutcome'),
      keyTitle: t('mediation.report.col.outcome'),
      columns: [{ id: 'situations', title: t('mediation.report.col.situations') }],
      rows: [
        ...report.situations.map((s) => ({
          key: s.outcome,
          label: t(`mediation.outcome.${s.outcome}` as MessageKey),
          cells: [s.count],
        })),
        { key: 'total', label: t('mediation.report.total'), cells: [report.situationsTotal] },
      ],
      chart: 0,
    },
    {
      id: 'orientations',
      title: t('mediation.report.referralsByPartner'),
      keyTitle: t('mediation.report.col.partner'),
      columns: [
        ...report.referralOutcomes.map((o) => ({ id: o, title: t(`mediation.referralOutcome.${o}` as MessageKey) })),
        { id: 'total', title: t('mediation.report.total') },
      ],
      rows: [
        ...report.referrals.map((r) => ({ key: r.partner, label: r.partner, cells: [...r.counts, r.total] })),
        { key: 'total', label: t('mediation.report.total'), cells: [...report.referralTotals, report.referralsTotal] },
      ],
      chart: report.referralOutcomes.length,
    },
  ];
}

const csvField = (value: string) => (/[",\n;]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

/**
 * The CSV: one line per figure. Columns: `section` (ensemble, par_mois, par_territoire, par_qpv,
 * activites, themes, situations, orientations), `cle` (the row's code: a month YYYY-MM, a territory's
 * id, a list value…), `libelle` (its label), `mesure` (personnes, rencontres, situations, an outcome,
 * total, valeur), `valeur` (the figure, empty when hidden), `masque` (« oui » when the small-number
 * rule hides it).
 */
export function reportCsv(sections: ReportSection[]): string {
  const lines = ['section,cle,libelle,mesure,valeur,masque'];
  for (const section of sections)
    for (const row of section.rows)
      row.cells.forEach((cell, i) => {
        const hidden = typeof cell !== 'string' && cell.kind === 'suppressed';
        const value = typeof cell === 'string' ? cell : cell.kind === 'shown' ? String(cell.value) : '';
        lines.push(
          [section.id, row.key, row.label, section.columns[i]?.id ?? '', value, hidden ? 'oui' : 'non'].map(csvField).join(','),
        );
      });
  return `${lines.join('\n')}\n`;
}
