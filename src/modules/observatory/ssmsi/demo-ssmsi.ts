/**
 * Small SSMSI-shaped files the project writes itself, for the demo seed, the tests and the bench: invented but
 * plausible figures (a rate per 1 000 by indicator, a factor by city, a drift by year, a deterministic noise), in
 * the current format (2016–2025) or the older one (editions up to 2023: two-digit years, 2016–2022). Communes with
 * 1 to 4 facts are not published (`ndiff`, the département's average in the complement columns); a 0 is published.
 * In the current format, 2025 counts physical violence under the new wording: the demo's series break.
 */

export interface DemoCommune {
  insee: string;
  departement: string;
  population: number;
  dwellings: number;
  /** How much more (or less) crime than the national rate. */
  factor: number;
}

export const demoDepartements = [
  { code: '69', region: '84', population: 1_900_000, dwellings: 980_000, factor: 1.15 },
  { code: '33', region: '75', population: 1_650_000, dwellings: 880_000, factor: 1.05 },
  { code: '25', region: '27', population: 545_000, dwellings: 290_000, factor: 0.8 },
  { code: '54', region: '44', population: 735_000, dwellings: 385_000, factor: 0.9 },
  { code: '67', region: '44', population: 1_150_000, dwellings: 580_000, factor: 0.95 },
  { code: '13', region: '93', population: 2_050_000, dwellings: 1_090_000, factor: 1.3 },
];

export const demoCommunes: DemoCommune[] = [
  { insee: '69123', departement: '69', population: 522_000, dwellings: 330_000, factor: 1.6 },
  { insee: '13055', departement: '13', population: 873_000, dwellings: 480_000, factor: 1.7 },
  { insee: '67482', departement: '67', population: 291_000, dwellings: 165_000, factor: 1.4 },
  { insee: '33063', departement: '33', population: 261_000, dwellings: 165_000, factor: 1.5 },
  { insee: '69266', departement: '69', population: 156_000, dwellings: 78_000, factor: 1.3 },
  { insee: '25056', departement: '25', population: 120_000, dwellings: 72_000, factor: 1.1 },
  { insee: '33281', departement: '33', population: 72_000, dwellings: 36_000, factor: 0.9 },
  { insee: '69259', departement: '69', population: 67_000, dwellings: 29_000, factor: 1.5 },
  { insee: '33522', departement: '33', population: 44_000, dwellings: 24_000, factor: 0.9 },
  { insee: '33039', departement: '33', population: 30_500, dwellings: 15_000, factor: 1.1 },
  { insee: '54547', departement: '54', population: 29_500, dwellings: 14_000, factor: 1.2 },
  { insee: '54578', departement: '54', population: 14_500, dwellings: 7_000, factor: 0.6 },
  { insee: '25462', departement: '25', population: 17_500, dwellings: 9_000, factor: 0.7 },
  { insee: '69233', departement: '69', population: 1_150, dwellings: 480, factor: 0.4 },
];

type Unit = 'victime' | 'infraction' | 'vehicule' | 'mis_en_cause' | 'victime_entendue';

/** Per 1 000 inhabitants (or dwellings for burglaries) nationally; the label until 2024 and from 2025. */
const demoIndicators: { label: string; label2025?: string; unit: Unit; rate: number; dwellings?: boolean; drift: number }[] = [
  {
    label: 'Coups et blessures volontaires intrafamiliaux',
    label2025: 'Violences physiques intrafamiliales',
    unit: 'victime',
    rate: 2.3,
    drift: 0.06,
  },
  {
    label: 'Autres coups et blessures volontaires',
    label2025: 'Violences physiques hors cadre familial',
    unit: 'victime',
    rate: 2.6,
    drift: 0.02,
  },
  { label: 'Violences sexuelles', unit: 'victime', rate: 1.2, drift: 0.09 },
  { label: 'Vols sans violence contre des personnes', unit: 'victime_entendue', rate: 8.5, drift: -0.02 },
  { label: 'Cambriolages de logement', unit: 'infraction', rate: 6.5, dwellings: true, drift: -0.03 },
  { label: 'Vols de véhicules', unit: 'vehicule', rate: 2.0, drift: -0.04 },
  { label: 'Destructions et dégradations volontaires', unit: 'infraction', rate: 8.8, drift: -0.01 },
  { label: 'Usage de stupéfiants', unit: 'mis_en_cause', rate: 2.4, drift: 0.03 },
];

const unitLabel: Record<'current' | 'older', Record<Unit, string>> = {
  current: {
    victime: 'Victime',
    infraction: 'Infraction',
    vehicule: 'Véhicule',
    mis_en_cause: 'Mis en cause',
    victime_entendue: 'Victime entendue',
  },
  older: {
    victime: 'victime',
    infraction: 'infraction',
    vehicule: 'véhicule',
    mis_en_cause: 'Mis en cause',
    victime_entendue: 'victime entendue',
  },
};

/** A deterministic noise in [0.85, 1.15): the same file every time. */
function noise(...parts: (string | number)[]): number {
  let h = 2166136261;
  for (const c of parts.join('|')) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  return 0.85 + ((h >>> 0) % 3000) / 10000;
}

const comma = (value: number, digits: number) => value.toFixed(digits).replace('.', ',');
const quoted = (text: string) => `"${text}"`;

interface Figure {
  label: string;
  unit: Unit;
  count: number;
  rate: number;
  departmentRate: number;
  base: number;
}

function figures(
  place: { code: string; population: number; dwellings: number; factor: number },
  year: number,
  deptFactor: number,
): Figure[] {
  const growth = 1 + 0.004 * (year - 2016);
  return demoIndicators.map((ind) => {
    const base = (ind.dwellings ? place.dwellings : place.population) * growth;
    const covid = year === 2020 ? 0.85 : 1;
    const perMille = ind.rate * place.factor * (1 + ind.drift) ** (year - 2016) * covid * noise(place.code, ind.label, year);
    const count = Math.round((perMille * base) / 1000);
    const departmentRate = ind.rate * deptFactor * (1 + ind.drift) ** (year - 2016);
    const label = year >= 2025 && ind.label2025 ? ind.label2025 : ind.label;
    return { label, unit: ind.unit, count, rate: (count / base) * 1000, departmentRate, base };
  });
}

const currentYears = Array.from({ length: 10 }, (_, i) => 2016 + i);
const olderYears = Array.from({ length: 7 }, (_, i) => 2016 + i);

/** The communal file: `CODGEO_2025;annee;indicateur;…` (current) or `CODGEO_2023;annee;classe;…` (older). */
export function demoCommunalCsv(format: 'current' | 'older', communes: DemoCommune[] = demoCommunes): string {
  const lines =
    format === 'current'
      ? [
          'CODGEO_2025;annee;indicateur;unite_de_compte;nombre;taux_pour_mille;est_diffuse;insee_pop;insee_pop_millesime;insee_log;insee_log_millesime;complement_info_nombre;complement_info_taux',
        ]
      : [
          'CODGEO_2023;annee;classe;unité.de.compte;valeur.publiée;faits;tauxpourmille;complementinfoval;complementinfotaux;POP;millPOP;LOG;millLOG',
        ];
  for (const commune of communes) {
    const dept = demoDepartements.find((d) => d.code === commune.departement)!;
    for (const year of format === 'current' ? currentYears : olderYears) {
      const popYear = Math.min(year, format === 'current' ? 2022 : 2020);
      for (const f of figures({ ...commune, code: commune.insee }, year, dept.factor)) {
        const hidden = f.count >= 1 && f.count <= 4;
        const avgCount = comma((f.departmentRate * f.base) / 1000, 1);
        const avgRate = comma(f.departmentRate, 2);
        if (format === 'current')
          lines.push(
            [
              commune.insee,
              year,
              quoted(f.label),
              quoted(unitLabel.current[f.unit]),
              hidden ? 'NA' : f.count,
              hidden ? 'NA' : comma(f.rate, 3),
              hidden ? 'ndiff' : 'diff',
              commune.population,
              popYear,
              comma(commune.dwellings + 0.5, 1),
              popYear,
              hidden ? avgCount : 'NA',
              hidden ? avgRate : 'NA',
            ].join(';'),
          );
        else
          lines.push(
            [
              quoted(commune.insee),
              String(year - 2000),
              quoted(f.label),
              quoted(unitLabel.older[f.unit]),
              quoted(hidden ? 'ndiff' : 'diff'),
              hidden ? 'NA' : f.count,
              hidden ? 'NA' : comma(f.rate, 4),
              hidden ? avgCount : 'NA',
              hidden ? avgRate : 'NA',
              commune.population,
              `POP${String(popYear - 2000)}`,
              commune.dwellings,
              `LOG${String(popYear - 2000)}`,
            ].join(';'),
          );
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The departmental file, with a byte-order mark as the site's files may have. */
export function demoDepartmentalCsv(format: 'current' | 'older'): string {
  const lines =
    format === 'current'
      ? [
          '\uFEFFCode_departement;Code_region;annee;indicateur;unite_de_compte;nombre;taux_pour_mille;insee_pop;insee_pop_millesime;insee_log;insee_log_millesime',
        ]
      : ['\uFEFFclasse;annee;Code.département;Code.région;unité.de.compte;millPOP;millLOG;faits;POP;LOG;tauxpourmille'];
  for (const dept of demoDepartements)
    for (const year of format === 'current' ? currentYears : olderYears) {
      const popYear = Math.min(year, format === 'current' ? 2022 : 2020);
      for (const f of figures(dept, year, dept.factor))
        lines.push(
          format === 'current'
            ? [
                dept.code,
                dept.region,
                year,
                quoted(f.label),
                quoted(unitLabel.current[f.unit]),
                f.count,
                comma(f.rate, 3),
                dept.population,
                popYear,
                dept.dwellings,
                popYear,
              ].join(';')
            : [
                quoted(f.label),
                String(year - 2000),
                quoted(dept.code),
                quoted(dept.region),
                quoted(unitLabel.older[f.unit]),
                `POP${popYear - 2000}`,
                `LOG${popYear - 2000}`,
                f.count,
                dept.population,
                dept.dwellings,
                comma(f.rate, 4),
              ].join(';'),
        );
    }
  return `${lines.join('\n')}\n`;
}

/**
 * A large communal file for the bench: `rows` rows of the current format, written line by line (never one string)
 * from invented communes numbered within real départements' code ranges.
 */
export function* benchCommunalLines(rows: number): Generator<string> {
  yield 'CODGEO_2025;annee;indicateur;unite_de_compte;nombre;taux_pour_mille;est_diffuse;insee_pop;insee_pop_millesime;insee_log;insee_log_millesime;complement_info_nombre;complement_info_taux\n';
  let written = 0;
  for (let n = 0; written < rows; n++) {
    const insee = `${String(1 + (n % 95)).padStart(2, '0')}${String(Math.floor(n / 95) % 1000).padStart(3, '0')}`;
    const population = 200 + ((n * 7919) % 40_000);
    for (const year of currentYears)
      for (const ind of demoIndicators) {
        if (written >= rows) return;
        const count = Math.round((ind.rate * population * noise(n, ind.label, year)) / 1000);
        const hidden = count >= 1 && count <= 4;
        yield `${insee};${year};"${year >= 2025 && ind.label2025 ? ind.label2025 : ind.label}";"${unitLabel.current[ind.unit]}";${hidden ? 'NA' : count};${hidden ? 'NA' : comma((count / population) * 1000, 3)};${hidden ? 'ndiff' : 'diff'};${population};2022;${Math.round(population / 2)};2022;${hidden ? '2,5' : 'NA'};${hidden ? '3,1' : 'NA'}\n`;
        written++;
      }
  }
}
