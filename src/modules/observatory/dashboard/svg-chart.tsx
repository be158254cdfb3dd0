/**
 * A line chart drawn on the server: years across, one line per series, gaps where a value is unknown (never drawn
 * as 0), a dashed vertical rule before a series break. Lines differ by colour and by dash pattern, so colour is
 * never the only cue; the data table beside it says the same in words.
 */
export interface ChartSeries {
  name: string;
  values: (number | null)[];
}

const styles = [
  { colour: '#1d4f91', dash: undefined },
  { colour: '#b3261e', dash: '6 4' },
  { colour: '#2e6b30', dash: '2 3' },
  { colour: '#5b3a8c', dash: '10 3 2 3' },
];

export function LineChart({
  id,
  title,
  desc,
  years,
  series,
  breaksBefore = [],
}: {
  id: string;
  title: string;
  desc: string;
  years: number[];
  series: ChartSeries[];
  breaksBefore?: number[];
}) {
  const [width, height, left, right, top, bottom] = [640, 240, 56, 16, 16, 56];
  const known = series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const max = Math.max(1, ...known);
  const step = years.length > 1 ? (width - left - right) / (years.length - 1) : 0;
  const x = (i: number) => left + (years.length > 1 ? step * i : (width - left - right) / 2);
  const y = (v: number) => top + (height - top - bottom) * (1 - v / max);
  // Split at unknown values: a line never crosses a year nobody knows.
  const runs = (values: (number | null)[]) => {
    const out: string[][] = [[]];
    values.forEach((v, i) => {
      if (v === null) out.push([]);
      else out.at(-1)!.push(`${x(i).toFixed(1)},${y(v).toFixed(1)}`);
    });
    return out.filter((r) => r.length > 0);
  };
  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      xmlns="http://www.w3.org/2000/svg"
      class="chart"
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{desc}</desc>
      <line x1={left} y1={height - bottom} x2={width - right} y2={height - bottom} stroke="#1b1b1b" />
      <line x1={left} y1={top} x2={left} y2={height - bottom} stroke="#1b1b1b" />
      <text x={left - 6} y={top + 4} font-size="11" text-anchor="end" fill="#1b1b1b">
        {String(Math.round(max))}
      </text>
      <text x={left - 6} y={height - bottom} font-size="11" text-anchor="end" fill="#1b1b1b">
        0
      </text>
      {years.map((year, i) => (
        <text x={x(i).toFixed(1)} y={height - bottom + 16} font-size="11" text-anchor="middle" fill="#1b1b1b">
          {String(year)}
        </text>
      ))}
      {breaksBefore
        .map((b) => years.indexOf(b))
        .filter((i) => i > 0)
        .map((i) => (
          <line
            x1={((x(i) + x(i - 1)) / 2).toFixed(1)}
            x2={((x(i) + x(i - 1)) / 2).toFixed(1)}
            y1={top}
            y2={height - bottom}
            stroke="#1b1b1b"
            stroke-dasharray="3 3"
          />
        ))}
      {series.map((s, n) => {
        const style = styles[n % styles.length]!;
        return (
          <g>
            {runs(s.values).map((points) =>
              points.length > 1 ? (
                <polyline
                  points={points.join(' ')}
                  fill="none"
                  stroke={style.colour}
                  stroke-width="2.5"
                  stroke-dasharray={style.dash}
                />
              ) : null,
            )}
            {s.values.map((v, i) =>
              v === null ? null : (
                <circle cx={x(i).toFixed(1)} cy={y(v).toFixed(1)} r="3.5" fill={style.colour}>
                  <title>{`${s.name}, ${years[i]} : ${v}`}</title>
                </circle>
              ),
            )}
          </g>
        );
      })}
      {series.map((s, n) => {
        const style = styles[n % styles.length]!;
        const lx = left + (n % 2) * 290;
        const ly = height - 22 + Math.floor(n / 2) * 14 - (series.length > 2 ? 8 : 0);
        return (
          <g>
            <line
              x1={lx}
              x2={lx + 24}
              y1={ly - 4}
              y2={ly - 4}
              stroke={style.colour}
              stroke-width="2.5"
              stroke-dasharray={style.dash}
            />
            <text x={lx + 30} y={ly} font-size="11" fill="#1b1b1b">
              {s.name}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
