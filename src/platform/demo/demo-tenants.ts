import type { Role } from '../access/roles.js';
import type { ProgrammeId } from '../programmes.js';

/**
 * The demo tenants: five cities' programmes, the Bordeaux mediation GIP and the
 * Besançon transport authority. Codes and names of communes and EPCI are read
 * from the official geography; centres (approximate, WGS 84) only place the
 * drawn demo outlines.
 */
export interface DemoCommune {
  insee: string;
  centre: [number, number];
  radiusKm: number;
}

export interface DemoTenant {
  slug: string;
  kind: 'commune' | 'gip' | 'aom';
  /** Commune tenants: the INSEE code; the AOM: its EPCI's SIREN. */
  insee?: string;
  epciSiren?: string;
  name?: string;
  programmes: ProgrammeId[];
  communes: DemoCommune[];
  partners: { name: string; kind: string }[];
}

const BORDEAUX: DemoCommune = { insee: '33063', centre: [-0.5792, 44.8378], radiusKm: 4 };
const BEGLES: DemoCommune = { insee: '33039', centre: [-0.5478, 44.8086], radiusKm: 1.8 };
const TALENCE: DemoCommune = { insee: '33522', centre: [-0.589, 44.809], radiusKm: 1.6 };
const MERIGNAC: DemoCommune = { insee: '33281', centre: [-0.6436, 44.8386], radiusKm: 3.9 };
const BESANCON: DemoCommune = { insee: '25056', centre: [6.0241, 47.2378], radiusKm: 4.5 };

export const demoTenants: DemoTenant[] = [
  {
    slug: 'besancon',
    kind: 'commune',
    insee: '25056',
    // The municipal police too: the journey across the programmes answers a resident's report in its main courante.
    programmes: ['safe-places', 'reports', 'police', 'coordination', 'observatory'],
    communes: [BESANCON],
    partners: [
      { name: 'Commissariat de Besançon (démo)', kind: 'national_police' },
      { name: 'Association d’aide aux victimes du Doubs (démo)', kind: 'association' },
      // The Ginko network's agencies, stations and vehicles are part of the city's safe-places network.
      { name: 'Exploitant du réseau Ginko (démo)', kind: 'transit_operator' },
    ],
  },
  {
    slug: 'grand-besancon-metropole',
    kind: 'aom',
    epciSiren: '242500361',
    name: 'Grand Besançon Métropole',
    programmes: ['night-stops', 'safe-places'],
    communes: [{ ...BESANCON, radiusKm: 12 }],
    partners: [{ name: 'Exploitant du réseau Ginko (démo)', kind: 'transit_operator' }],
  },
  {
    slug: 'bordeaux',
    kind: 'commune',
    insee: '33063',
    programmes: ['reports', 'coordination', 'observatory'],
    communes: [BORDEAUX],
    partners: [{ name: 'Commissariat central de Bordeaux (démo)', kind: 'national_police' }],
  },
  {
    slug: 'gip-mediation-bordeaux',
    kind: 'gip',
    name: 'GIP Bordeaux Médiation (démo)',
    programmes: ['mediation'],
    communes: [BORDEAUX, BEGLES, TALENCE, MERIGNAC],
    partners: [],
  },
  {
    slug: 'lyon',
    kind: 'commune',
    insee: '69123',
    programmes: ['police', 'reports', 'coordination', 'observatory'],
    communes: [{ insee: '69123', centre: [4.8357, 45.764], radiusKm: 3.9 }],
    partners: [
      { name: 'Direction interdépartementale de la police nationale du Rhône (démo)', kind: 'national_police' },
      { name: 'Association d’aide aux victimes de violences sexistes (démo)', kind: 'association' },
    ],
  },
  {
    slug: 'strasbourg',
    kind: 'commune',
    insee: '67482',
    programmes: ['prevention', 'police', 'reports', 'coordination'],
    communes: [{ insee: '67482', centre: [7.7521, 48.5734], radiusKm: 5 }],
    partners: [
      { name: 'Association LGBTI+ d’intervention en milieu scolaire (démo)', kind: 'association' },
      { name: 'Rectorat — établissements scolaires (démo)', kind: 'school' },
    ],
  },
  {
    slug: 'vandoeuvre-les-nancy',
    kind: 'commune',
    insee: '54547',
    programmes: ['prevention', 'reports', 'coordination', 'mediation'],
    communes: [{ insee: '54547', centre: [6.1711, 48.6567], radiusKm: 1.75 }],
    partners: [
      { name: 'Commissariat de Vandœuvre-lès-Nancy (démo)', kind: 'national_police' },
      { name: 'Association de prévention spécialisée (démo)', kind: 'association' },
      { name: 'Bailleur social de Vandœuvre (démo)', kind: 'social_landlord' },
    ],
  },
];

/** The GIP's members besides its communes: the métropole, the département and two landlords. */
export const gipOtherMembers = {
  epciSiren: '243300316',
  departement: { name: 'Département de la Gironde', code: '33' },
  landlords: ['Bailleur social girondin n° 1 (démo)', 'Bailleur social girondin n° 2 (démo)'],
};

/** The one documented demo password (demo accounts never exist in production). */
export const DEMO_PASSWORD = 'quietude-demo';

/** Demo accounts: `<role>.<slug>@demo.invalid`, one per role that the tenant's programmes use. */
export const demoRolesByProgramme: Record<ProgrammeId, Role[]> = {
  'safe-places': ['partner_venue', 'transit_operator'],
  'night-stops': ['transport_authority', 'transit_operator'],
  reports: ['partner_organisation'],
  mediation: ['mediation_manager', 'mediator', 'funding_member'],
  police: ['police_manager', 'police_supervisor', 'police_agent'],
  prevention: ['educator'],
  coordination: [],
  observatory: ['analyst'],
};

export function demoRoles(programmes: ProgrammeId[]): Role[] {
  return [...new Set<Role>(['admin', 'coordinator', ...programmes.flatMap((p) => demoRolesByProgramme[p])])];
}

export const demoEmail = (role: Role, slug: string) => `${role}.${slug}@demo.invalid`;
