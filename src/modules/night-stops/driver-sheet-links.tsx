import type { Translate } from '../../platform/i18n/i18n.js';
import type { Line } from './night-network.js';

/** « Line → headsign », the name a driver reads on the bus's front. */
export function lineDirectionName(lines: Line[], routeId: string, directionId: number): string {
  const line = lines.find((l) => l.routeId === routeId);
  const direction = line?.directions.find((d) => d.directionId === directionId);
  return line ? `${line.shortName} → ${direction?.headsign ?? directionId}` : routeId;
}

/**
 * The printable sheet of each line and direction, for the authority (rules page) and the operators
 * (log page): both hold `night-stops.log`, which the sheets' route asks for.
 */
export function DriverSheetLinks({
  slug,
  lines,
  t,
  heading: Heading,
}: {
  slug: string;
  lines: Line[];
  t: Translate;
  /** The level that fits the page's outline. */
  heading: 'h2' | 'h3';
}) {
  if (!lines.length) return null;
  return (
    <>
      <Heading id="driver-sheets">{t('nightRules.printSheet')}</Heading>
      <ul aria-labelledby="driver-sheets">
        {lines.flatMap((line) =>
          line.directions.map((d) => (
            <li>
              <a href={`/t/${slug}/espace/descente/fiche/${encodeURIComponent(line.routeId)}/${d.directionId}.pdf`}>
                {t('nightRules.printSheet')} — {lineDirectionName(lines, line.routeId, d.directionId)}
              </a>
            </li>
          )),
        )}
      </ul>
    </>
  );
}
