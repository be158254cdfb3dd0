import type { EntryKind } from './tables.js';

/**
 * The project's starter list of natures of intervention, written by the project (not an official list), grouped
 * the way the national offence nomenclature groups offences (atteintes aux personnes, aux biens, ordre public,
 * circulation, environnement) plus the administrative police missions of a municipal police. Judicial natures
 * take a NATINF code (the offence itself); administrative missions do not.
 */
export interface Nature {
  code: string;
  kind: EntryKind;
  group: { fr: string; en: string };
  label: { fr: string; en: string };
}

const persons = { fr: 'Atteintes aux personnes', en: 'Offences against persons' };
const property = { fr: 'Atteintes aux biens', en: 'Offences against property' };
const order = { fr: 'Ordre et tranquillité publics', en: 'Public order and peace' };
const traffic = { fr: 'Circulation et stationnement', en: 'Traffic and parking' };
const environment = { fr: 'Environnement et salubrité', en: 'Environment and public health' };
const missions = { fr: 'Missions de police administrative', en: 'Administrative police missions' };

export const natures: Nature[] = [
  { code: 'violences', kind: 'judicial', group: persons, label: { fr: 'Violences', en: 'Violence' } },
  {
    code: 'outrage-sexiste',
    kind: 'judicial',
    group: persons,
    label: { fr: 'Outrage sexiste et sexuel', en: 'Sexist and sexual outrage' },
  },
  {
    code: 'atteinte-orientation',
    kind: 'judicial',
    group: persons,
    label: {
      fr: 'Atteinte à raison de l’orientation sexuelle ou de l’identité de genre',
      en: 'Offence on the grounds of sexual orientation or gender identity',
    },
  },
  { code: 'vol', kind: 'judicial', group: property, label: { fr: 'Vol', en: 'Theft' } },
  { code: 'degradation', kind: 'judicial', group: property, label: { fr: 'Dégradation', en: 'Damage' } },
  { code: 'tapage', kind: 'judicial', group: order, label: { fr: 'Tapage, bruit', en: 'Noise' } },
  { code: 'ivresse', kind: 'judicial', group: order, label: { fr: 'Ivresse publique', en: 'Public drunkenness' } },
  { code: 'stupefiants', kind: 'judicial', group: order, label: { fr: 'Stupéfiants', en: 'Drugs' } },
  {
    code: 'arrete-municipal',
    kind: 'judicial',
    group: order,
    label: { fr: 'Infraction à un arrêté municipal', en: 'Breach of a municipal order' },
  },
  { code: 'stationnement', kind: 'judicial', group: traffic, label: { fr: 'Stationnement', en: 'Parking' } },
  { code: 'circulation', kind: 'judicial', group: traffic, label: { fr: 'Circulation routière', en: 'Road traffic' } },
  { code: 'depot-sauvage', kind: 'judicial', group: environment, label: { fr: 'Dépôt sauvage', en: 'Fly-tipping' } },
  {
    code: 'tranquillite-vacances',
    kind: 'administrative',
    group: missions,
    label: { fr: 'Opération tranquillité vacances', en: 'Holiday home watch' },
  },
  { code: 'fourriere', kind: 'administrative', group: missions, label: { fr: 'Fourrière', en: 'Vehicle impound' } },
  { code: 'objets-trouves', kind: 'administrative', group: missions, label: { fr: 'Objets trouvés', en: 'Lost property' } },
  {
    code: 'chiens-dangereux',
    kind: 'administrative',
    group: missions,
    label: { fr: 'Chiens dangereux', en: 'Dangerous dogs' },
  },
  {
    code: 'sortie-ecole',
    kind: 'administrative',
    group: missions,
    label: { fr: 'Sortie d’école', en: 'School gate watch' },
  },
  {
    code: 'surveillance-evenement',
    kind: 'administrative',
    group: missions,
    label: { fr: 'Surveillance d’un événement', en: 'Event surveillance' },
  },
  {
    code: 'assistance-personne',
    kind: 'administrative',
    group: missions,
    label: { fr: 'Assistance à personne', en: 'Assistance to a person' },
  },
  {
    code: 'surveillance-voie-publique',
    kind: 'administrative',
    group: missions,
    label: { fr: 'Surveillance de la voie publique', en: 'Street patrol watch' },
  },
];

export const natureOf = (code: string): Nature | undefined => natures.find((n) => n.code === code);
export const natureLabel = (code: string, lang: 'fr' | 'en') => natureOf(code)?.label[lang] ?? code;
