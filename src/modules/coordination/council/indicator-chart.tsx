/** One bar per year and a dashed line at the target, drawn on the server; the table beside it holds the figures. */
export function IndicatorChart({
  title,
  bars,
  target,
}: {
  title: string;
  /** A bar per year; null draws no bar (not begun, not typed, or hidden as a small number). */
  bars: { label: string; value: number | null }[];
  target: number;
}) {
  const width = 320;
  const height = 160;
  const bottom = 130;
  const top = 14;
  const max = Math.max(target, ...bars.map((b) => b.value ?? 0), 1);
  const y = (v: number) => bottom - ((bottom - top) * v) / max;
  const step = width / Math.max(bars.length, 1);
  return (
    <svg
      class="indicator-chart"
      role="img"
      aria-label={title}
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      style="max-width: 28rem"
      xmlns="http://www.w3.org/2000/svg"
    >
      <title>{title}</title>
      <line x1="0" x2={width} y1={bottom} y2={bottom} stroke="#333" />
      {bars.map((b, i) => (
        <g>
          {b.value !== null ? (
            <rect x={i * step + step * 0.2} width={step * 0.6} y={y(b.value)} height={bottom - y(b.value)} fill="#1d4e89" />
          ) : null}
          <text x={i * step + step / 2} y={bottom + 18} text-anchor="middle" font-size="12" fill="#222">
            {b.label}
          </text>
        </g>
      ))}
      <line x1="0" x2={width} y1={y(target)} y2={y(target)} stroke="#a4161a" stroke-dasharray="6 4" stroke-width="2" />
      <text x={width - 4} y={y(target) - 4} text-anchor="end" font-size="12" fill="#a4161a">
        {String(target)}
      </text>
    </svg>
  );
}
