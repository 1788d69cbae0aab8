import { execFile } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ThresholdResult } from "../../core/simulation/simulate-thresholds.ts";
import type { Estimate } from "../../core/simulation/statistics.ts";
import { type SimulationRun, simulationJson, simulationTable } from "./simulate-output.ts";
import { bandPlotSvg, escapeXml, type PlotPoint } from "./simulate-plot.ts";

interface PlotSpec {
  readonly file: string;
  readonly title: string;
  readonly yLabel: string;
  readonly pick: (result: ThresholdResult) => Estimate;
  readonly formatY: (y: number) => string;
}

const PLOTS: readonly PlotSpec[] = [
  {
    file: "offers.svg",
    title: "Offers per day against threshold",
    yLabel: "offers per day",
    pick: (r) => r.offers,
    formatY: (y) => y.toFixed(0),
  },
  {
    file: "asa.svg",
    title: "Voice ASA against threshold",
    yLabel: "average speed of answer (s)",
    pick: (r) => r.voice.asaSeconds,
    formatY: (y) => y.toFixed(0),
  },
  {
    file: "service-level.svg",
    title: "Voice service level (20 s) against threshold",
    yLabel: "answered within 20 s",
    pick: (r) => r.voice.serviceLevel20s,
    formatY: (y) => `${(y * 100).toFixed(0)} %`,
  },
];

/**
 * Writes the plots (offers, ASA and service level against threshold, with 95 % bands), the
 * results as JSON, and an index.html that shows them together, into `dir`. Returns the
 * report's path.
 */
/** A plot of the sweep: its file name, its title and the SVG itself. */
export interface SimulationPlot {
  readonly file: string;
  readonly title: string;
  readonly svg: string;
}

/**
 * Offers, ASA and service level against the threshold, each with its 95 % band and the
 * no-deflection figure beside it; none when no numeric threshold was tried.
 */
export function simulationPlots(results: readonly ThresholdResult[]): SimulationPlot[] {
  const numeric = results.filter((r) => r.threshold !== "off");
  const baseline = results.find((r) => r.threshold === "off");
  if (numeric.length === 0) return [];
  return PLOTS.map((spec) => {
    const points: PlotPoint[] = numeric.map((r) => {
      const e = spec.pick(r);
      return { x: r.threshold as number, mean: e.mean, lo: e.ci95[0], hi: e.ci95[1] };
    });
    const base = baseline ? spec.pick(baseline) : undefined;
    const svg = bandPlotSvg({
      title: spec.title,
      xLabel: "threshold: estimated wait that triggers an offer (s)",
      yLabel: spec.yLabel,
      points,
      formatY: spec.formatY,
      ...(base ? { baseline: { mean: base.mean, lo: base.ci95[0], hi: base.ci95[1] } } : {}),
    });
    return { file: spec.file, title: spec.title, svg };
  });
}

/**
 * Writes the plots (offers, ASA and service level against threshold, with 95 % bands), the
 * results as JSON, and an index.html that shows them together, into `dir`. Returns the
 * report's path.
 */
export async function writeSimulationReport(options: {
  dir: string;
  run: SimulationRun;
  notes: readonly string[];
}): Promise<string> {
  const { dir, run } = options;
  await mkdir(dir, { recursive: true });
  const plots = simulationPlots(run.results);
  for (const plot of plots) {
    await writeFile(join(dir, plot.file), plot.svg);
    await svgToPng(join(dir, plot.file));
  }
  await writeFile(join(dir, "results.json"), `${JSON.stringify(simulationJson(run), null, 2)}\n`);
  const path = join(dir, "index.html");
  await writeFile(path, reportHtml({ run, notes: options.notes, plots }));
  return path;
}

function reportHtml(options: {
  run: SimulationRun;
  notes: readonly string[];
  plots: readonly SimulationPlot[];
}): string {
  const images = options.plots.map(
    (p) =>
      `<figure><img src="${p.file}" alt="${escapeXml(p.title)}" width="640" height="360"></figure>`,
  );
  const missing =
    options.plots.length === 0 ? ["<p>Plots need at least one numeric --threshold.</p>"] : [];
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Deflection what-if</title>
<style>body{font-family:sans-serif;margin:2em;max-width:1400px}pre{background:#f6f6f6;padding:1em;overflow-x:auto}figure{display:inline-block;margin:0 1em 1em 0}</style>
</head>
<body>
<h1>Deflection what-if: ${options.run.runs} simulated days per threshold</h1>
${options.notes.map((note) => `<p>${escapeXml(note)}</p>`).join("\n")}
<pre>${escapeXml(simulationTable(options.run))}</pre>
${[...images, ...missing].join("\n")}
<p>Bands are 95 % confidence intervals over the runs. The raw figures are in <a href="results.json">results.json</a>.</p>
</body>
</html>
`;
}

/**
 * Writes a PNG beside the SVG when librsvg's converter is installed; without it the SVG,
 * which every browser opens, is the plot. Never fails the report.
 */
function svgToPng(svgPath: string): Promise<boolean> {
  const pngPath = svgPath.replace(/\.svg$/, ".png");
  return new Promise((done) => {
    execFile(
      "rsvg-convert",
      ["--format", "png", "--output", pngPath, svgPath],
      { timeout: 10_000 },
      (error) => done(error === null),
    );
  });
}
