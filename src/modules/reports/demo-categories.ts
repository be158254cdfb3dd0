import type { CategoryAttribute } from './tables.js';

/** Who receives a demo category's reports: a service of the city, or a partner of the tenant. */
export type DemoTarget = 'police_municipale' | 'police_nationale' | 'proprete' | 'eclairage' | 'mediation';

export interface DemoCategory {
  code: string;
  name: { fr: string; en: string };
  description: { fr: string; en: string };
  group: string;
  keywords: string[];
  visibility: 'public' | 'private';
  victimSupport: boolean;
  attributes: CategoryAttribute[];
  help: { fr: string; en: string };
  target: DemoTarget;
}

const whenSeen: CategoryAttribute = {
  code: 'moment',
  datatype: 'multivaluelist',
  required: false,
  description: { fr: 'À quels moments ?', en: 'At what times?' },
  order: 1,
  values: [
    { key: 'matin', name: { fr: 'Le matin', en: 'Morning' } },
    { key: 'apres-midi', name: { fr: 'L’après-midi', en: 'Afternoon' } },
    { key: 'soir', name: { fr: 'Le soir', en: 'Evening' } },
    { key: 'nuit', name: { fr: 'La nuit', en: 'Night' } },
  ],
};

/** The demo categories of the seed programmes (written by the project), the same for every demo tenant. */
export const demoCategories: DemoCategory[] = [
  {
    code: 'outrage-sexiste',
    name: { fr: 'Outrage sexiste et sexuel, harcèlement de rue', en: 'Sexist or sexual harassment in the street' },
    description: {
      fr: 'Propos, gestes ou comportements à connotation sexuelle ou sexiste, dans la rue ou les transports.',
      en: 'Sexual or sexist remarks, gestures or behaviour, in the street or on public transport.',
    },
    group: 'Atteintes aux personnes',
    keywords: ['harcèlement', 'sexisme', 'rue'],
    visibility: 'private',
    victimSupport: true,
    attributes: [],
    help: {
      fr: 'Ce signalement aide à adapter les patrouilles et la présence des médiateurs aux lieux et aux heures.',
      en: 'This report helps fit patrols and mediators’ presence to the places and hours.',
    },
    target: 'police_municipale',
  },
  {
    code: 'lgbtiphobie',
    name: { fr: 'Acte contre des personnes LGBTI+', en: 'Act against LGBTI+ people' },
    description: {
      fr: 'Insulte, menace, agression ou discrimination à raison de l’orientation sexuelle ou de l’identité de genre.',
      en: 'Insult, threat, assault or discrimination because of sexual orientation or gender identity.',
    },
    group: 'Atteintes aux personnes',
    keywords: ['homophobie', 'transphobie', 'LGBT'],
    visibility: 'private',
    victimSupport: true,
    attributes: [],
    help: {
      fr: 'Ce signalement n’est jamais publié. Il sert à protéger les lieux et les personnes concernés.',
      en: 'This report is never published. It helps protect the places and people concerned.',
    },
    target: 'police_municipale',
  },
  {
    code: 'point-de-deal',
    name: { fr: 'Point de deal, trafic', en: 'Drug-dealing spot' },
    description: {
      fr: 'Lieu où des produits stupéfiants sont vendus. Ne vous mettez pas en danger pour observer.',
      en: 'A place where drugs are sold. Do not put yourself at risk to watch.',
    },
    group: 'Tranquillité publique',
    keywords: ['drogue', 'trafic', 'stupéfiants'],
    visibility: 'private',
    victimSupport: false,
    attributes: [whenSeen],
    help: {
      fr: 'Transmis à la police nationale. Votre identité n’est pas demandée et n’est jamais communiquée.',
      en: 'Passed to the national police. Your identity is not asked for and never passed on.',
    },
    target: 'police_nationale',
  },
  {
    code: 'protoxyde-azote',
    name: { fr: 'Cartouches de protoxyde d’azote', en: 'Nitrous oxide canisters' },
    description: {
      fr: 'Cartouches ou bonbonnes abandonnées (« proto ») dans un parc, une rue, un hall.',
      en: 'Canisters or cylinders left in a park, a street, a hallway.',
    },
    group: 'Propreté',
    keywords: ['proto', 'gaz hilarant', 'cartouches'],
    visibility: 'public',
    victimSupport: false,
    attributes: [
      {
        code: 'quantite',
        datatype: 'singlevaluelist',
        required: true,
        description: { fr: 'Combien ?', en: 'How many?' },
        order: 1,
        values: [
          { key: 'quelques', name: { fr: 'Quelques cartouches', en: 'A few canisters' } },
          { key: 'dizaines', name: { fr: 'Des dizaines', en: 'Dozens' } },
          { key: 'bonbonnes', name: { fr: 'Des bonbonnes', en: 'Cylinders' } },
        ],
      },
    ],
    help: {
      fr: 'Ne les manipulez pas : elles peuvent geler la peau. Le service de propreté les ramasse.',
      en: 'Do not handle them: they can freeze the skin. The cleaning service collects them.',
    },
    target: 'proprete',
  },
  {
    code: 'degradation',
    name: { fr: 'Dégradation, tag, mobilier cassé', en: 'Damage, graffiti, broken street furniture' },
    description: { fr: 'Mobilier urbain cassé, tag, vitre brisée.', en: 'Broken street furniture, graffiti, broken glass.' },
    group: 'Cadre de vie',
    keywords: ['tag', 'vandalisme', 'casse'],
    visibility: 'public',
    victimSupport: false,
    attributes: [],
    help: { fr: 'Les services techniques interviennent selon l’urgence.', en: 'The technical services act by urgency.' },
    target: 'proprete',
  },
  {
    code: 'eclairage',
    name: { fr: 'Éclairage public en panne', en: 'Street light out' },
    description: { fr: 'Lampadaire éteint ou qui clignote.', en: 'Street light off or flickering.' },
    group: 'Cadre de vie',
    keywords: ['lampadaire', 'lumière', 'nuit'],
    visibility: 'public',
    victimSupport: false,
    attributes: [
      {
        code: 'etendue',
        datatype: 'singlevaluelist',
        required: true,
        description: { fr: 'Combien de lampadaires ?', en: 'How many lights?' },
        order: 1,
        values: [
          { key: 'un', name: { fr: 'Un seul', en: 'Just one' } },
          { key: 'rue', name: { fr: 'Toute la rue', en: 'The whole street' } },
        ],
      },
    ],
    help: {
      fr: 'Une rue sombre la nuit rend le trajet plus difficile : merci de le signaler.',
      en: 'A dark street at night makes the way home harder: thank you for reporting it.',
    },
    target: 'eclairage',
  },
  {
    code: 'nuisances',
    name: { fr: 'Nuisances, tensions entre personnes', en: 'Nuisance, tensions between people' },
    description: {
      fr: 'Bruit répété, rassemblements, conflits de voisinage : les médiateurs peuvent aller à la rencontre.',
      en: 'Repeated noise, gatherings, neighbour disputes: mediators can go and meet people.',
    },
    group: 'Tranquillité publique',
    keywords: ['bruit', 'voisinage', 'rassemblement'],
    visibility: 'private',
    victimSupport: false,
    attributes: [whenSeen],
    help: {
      fr: 'Les médiateurs cherchent d’abord le dialogue ; ils ne communiquent jamais qui a signalé.',
      en: 'Mediators look for dialogue first; they never tell who reported.',
    },
    target: 'mediation',
  },
];
