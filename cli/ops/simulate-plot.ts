/** One threshold's figure: the mean and its 95 % interval. */
export interface PlotPoint {
  readonly x: number;
  readonly mean: number;
  readonly lo: number;
  readonly hi: number;
}

const WIDTH = 640;
const HEIGHT = 360;
const MARGIN = { left: 72, right: 24, top: 40, bottom: 52 };

/**
 * A line plot with its confidence band as a standalone SVG document. Hand-written: three
 * small plots do not justify a charting library, and SVG text opens in any browser.
 * `baseline` (no deflection) is drawn as a dashed line with its own band.
 */
export function bandPlotSvg(options: {
  title: string;
  xLabel: string;
  yLabel: string;
  points: readonly PlotPoint[];
  baseline?: Omit<PlotPoint, "x">;
  formatY: (y: number) => string;
}): string {
  const { points, baseline } = options;
  const xs = points.map((p) => p.x);
  const ys = [
    ...points.flatMap((p) => [p.lo, p.hi]),
    ...(baseline ? [baseline.lo, baseline.hi] : []),
  ];
  const xTicks = niceTicks(Math.min(...xs), Math.max(...xs));
  const yTicks = niceTicks(Math.min(0, ...ys), Math.max(...ys));
  const [x0, x1] = [xTicks[0] ?? 0, xTicks.at(-1) ?? 1];
  const [y0, y1] = [yTicks[0] ?? 0, yTicks.at(-1) ?? 1];
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const sx = (x: number) => MARGIN.left + (x1 === x0 ? plotW / 2 : ((x - x0) / (x1 - x0)) * plotW);
  const sy = (y: number) => MARGIN.top + plotH - (y1 === y0 ? 0 : ((y - y0) / (y1 - y0)) * plotH);
  const xy = (x: number, y: number) => `${sx(x).toFixed(1)},${sy(y).toFixed(1)}`;
  const parts: string[] = [];
  const right = x1;
  if (baseline) {
    const band = [
      xy(x0, baseline.lo),
      xy(right, baseline.lo),
      xy(right, baseline.hi),
      xy(x0, baseline.hi),
    ];
    parts.push(`<polygon points="${band.join(" ")}" fill="#999" fill-opacity="0.15"/>`);
    parts.push(
      `<line x1="${sx(x0)}" y1="${sy(baseline.mean)}" x2="${sx(right)}" y2="${sy(baseline.mean)}" stroke="#666" stroke-dasharray="6 4"/>`,
      `<text x="${sx(right) - 4}" y="${sy(baseline.mean) - 6}" text-anchor="end" fill="#666">no deflection</text>`,
    );
  }
  const upper = points.map((p) => xy(p.x, p.hi));
  const lower = points.map((p) => xy(p.x, p.lo)).reverse();
  parts.push(
    `<polygon points="${[...upper, ...lower].join(" ")}" fill="#1f77b4" fill-opacity="0.2"/>`,
  );
  parts.push(
    `<polyline points="${points.map((p) => xy(p.x, p.mean)).join(" ")}" fill="none" stroke="#1f77b4" stroke-width="2"/>`,
  );
  for (const p of points) {
    parts.push(
      `<circle cx="${sx(p.x).toFixed(1)}" cy="${sy(p.mean).toFixed(1)}" r="3" fill="#1f77b4"/>`,
    );
  }
  return svgDocument({ ...options, parts, xTicks, yTicks, sx, sy, plotW, plotH });
}

function svgDocument(o: {
  title: string;
  xLabel: string;
  yLabel: string;
  formatY: (y: number) => string;
  parts: readonly string[];
  xTicks: readonly number[];
  yTicks: readonly number[];
  sx: (x: number) => number;
  sy: (y: number) => number;
  plotW: number;
  plotH: number;
}): string {
  const bottom = MARGIN.top + o.plotH;
  const grid = [
    ...o.yTicks.map(
      (y) =>
        `<line x1="${MARGIN.left}" y1="${o.sy(y)}" x2="${MARGIN.left + o.plotW}" y2="${o.sy(y)}" stroke="#eee"/>` +
        `<text x="${MARGIN.left - 8}" y="${o.sy(y) + 4}" text-anchor="end">${escapeXml(o.formatY(y))}</text>`,
    ),
    ...o.xTicks.map(
      (x) =>
        `<line x1="${o.sx(x)}" y1="${bottom}" x2="${o.sx(x)}" y2="${bottom + 5}" stroke="#333"/>` +
        `<text x="${o.sx(x)}" y="${bottom + 20}" text-anchor="middle">${x}</text>`,
    ),
  ];
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">
<title>${escapeXml(o.title)}</title>
<rect width="100%" height="100%" fill="#fff"/>
<text x="${WIDTH / 2}" y="22" text-anchor="middle" font-size="15">${escapeXml(o.title)}</text>
${grid.join("\n")}
<line x1="${MARGIN.left}" y1="${bottom}" x2="${MARGIN.left + o.plotW}" y2="${bottom}" stroke="#333"/>
<line x1="${MARGIN.left}" y1="${MARGIN.top}" x2="${MARGIN.left}" y2="${bottom}" stroke="#333"/>
${o.parts.join("\n")}
<text x="${MARGIN.left + o.plotW / 2}" y="${HEIGHT - 10}" text-anchor="middle">${escapeXml(o.xLabel)}</text>
<text transform="translate(16 ${MARGIN.top + o.plotH / 2}) rotate(-90)" text-anchor="middle">${escapeXml(o.yLabel)}</text>
</svg>
`;
}

/** Round-number ticks (1, 2 or 5 times a power of ten) covering [lo, hi]. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [0, 1];
  if (hi <= lo) return lo === 0 ? [0, 1] : [lo - Math.abs(lo) / 2, lo, lo + Math.abs(lo) / 2];
  const rough = (hi - lo) / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = ([1, 2, 5, 10].find((m) => m * power >= rough) ?? 10) * power;
  const ticks: number[] = [];
  for (let t = Math.floor(lo / step) * step; t < hi + step; t += step) {
    ticks.push(Number(t.toPrecision(12)));
  }
  return ticks;
}

export function escapeXml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
}
