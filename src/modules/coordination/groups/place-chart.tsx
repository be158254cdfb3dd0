import type { Lang } from '../../../platform/i18n/i18n.js';

export const monthLabel = (month: string, lang: Lang) =>
  new Date(`${month}-15T12:00:00Z`).toLocaleDateString(lang === 'fr' ? 'fr-FR' : 'en-GB', {
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });

/**
 * Reports per month at a place (bars), police entries when shared (line), and the month of the first action
 * (a dashed mark): enough to see whether the place improves. Described by the table that follows it.
 */
export function PlaceChart({
  months,
  reports,
  police,
  actionMonth,
  caption,
  lang,
}: {
  months: string[];
  reports: number[];
  police: number[] | null;
  actionMonth: string | null;
  caption: string;
  lang: Lang;
}) {
  const width = 640;
  const height = 220;
  const pad = 30;
  const max = Math.max(1, ...reports, ...(police ?? []));
  const step = (width - 2 * pad) / months.length;
  const y = (v: number) => height - pad - (v / max) * (height - 2 * pad);
  const mid = (i: number) => pad + step * (i + 0.5);
  const actionIndex = actionMonth ? months.indexOf(actionMonth) : -1;
  return (
    <figure>
      <svg
        viewBox={`0 0 ${width} ${height}`}
        width="100%"
        role="img"
        aria-labelledby="place-chart-caption"
        xmlns="http://www.w3.org/2000/svg"
      >
        <line x1={pad} y1={height - pad} x2={width - pad} y2={height - pad} stroke="currentColor" />
        {reports.map((v, i) => (
          <rect
            x={(pad + step * i + step * 0.15).toFixed(1)}
            y={y(v).toFixed(1)}
            width={(step * 0.7).toFixed(1)}
            height={(height - pad - y(v)).toFixed(1)}
            fill="#2d6a9f"
          >
            <title>{`${monthLabel(months[i] as string, lang)} : ${v}`}</title>
          </rect>
        ))}
        {police ? (
          <polyline
            points={police.map((v, i) => `${mid(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ')}
            fill="none"
            stroke="#161616"
            stroke-width="3"
          />
        ) : null}
        {actionIndex >= 0 ? (
          <line
            x1={mid(actionIndex)}
            y1={pad / 2}
            x2={mid(actionIndex)}
            y2={height - pad}
            stroke="#18753c"
            stroke-width="3"
            stroke-dasharray="6 4"
          />
        ) : null}
        {months.map((m, i) =>
          i % 2 === 0 ? (
            <text x={mid(i).toFixed(1)} y={height - 10} font-size="11" text-anchor="middle">
              {monthLabel(m, lang)}
            </text>
          ) : null,
        )}
      </svg>
      <figcaption id="place-chart-caption">{caption}</figcaption>
    </figure>
  );
}
