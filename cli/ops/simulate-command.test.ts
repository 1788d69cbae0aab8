import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runOps } from "./run-ops.ts";

const SAMPLE_CSV = "test/fixtures/simulate/connect-historical-metrics.csv";
// The machine interface from issue 16, word for word.
const ISSUE_EXAMPLE = [
  ...["simulate", "--arrivals-per-hour", "600", "--handle-seconds", "300", "--agents", "52"],
  ...["--patience", "none", "--threshold", "off", "--hours", "8", "--runs", "20", "--seed", "1"],
  "--json",
];

async function simulate(argv: readonly string[], options: { tty?: boolean } = {}) {
  let stdout = "";
  let stderr = "";
  // process.stderr says whether it is a terminal through isTTY; so does this stand-in.
  const terminal = { write: (text: string) => (stderr += text), isTTY: options.tty === true };
  const code = await runOps(argv, {
    env: {},
    stdout: { write: (text: string) => (stdout += text) },
    stderr: terminal,
  });
  return { code, stdout, stderr };
}

const estimateShape = {
  mean: expect.any(Number),
  ci95: [expect.any(Number), expect.any(Number)],
};

describe("ops simulate --json", () => {
  it("answers the issue's example with one JSON object in the fixed shape", async () => {
    const run = await simulate(ISSUE_EXAMPLE);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({
      voice: {
        pWait: estimateShape,
        asaSeconds: estimateShape,
        serviceLevel20s: estimateShape,
        abandonRate: estimateShape,
      },
      offers: { mean: 0, ci95: [0, 0] },
      calls: expect.any(Number),
    });
    const { mean, ci95 } = result.voice.pWait;
    expect(ci95[0]).toBeLessThanOrEqual(mean);
    expect(mean).toBeLessThanOrEqual(ci95[1]);
    expect(result.calls).toBeGreaterThan(4500);
    expect(result.calls).toBeLessThan(5100);
    // Progress goes to stderr only, as plain lines when stderr is not a terminal.
    expect(run.stderr).toMatch(/^(simulating: \d+% \(\d+ of 20 days\)\n)+$/);
  });

  it("prints the same output for the same seed, and a results array for a range", async () => {
    const argv = ["simulate", "--arrivals-per-hour", "300", "--agents", "26", "--hours", "2"];
    const range = [...argv, "--threshold", "off,60..180:60", "--runs", "4", "--json", "--quiet"];
    const first = await simulate(range);
    const second = await simulate(range);
    expect(first.stdout).toBe(second.stdout);
    expect(first.stderr).toBe("");
    const { results } = JSON.parse(first.stdout);
    expect(results.map((r: { threshold: unknown }) => r.threshold)).toEqual(["off", 60, 120, 180]);
    expect(results[1].offers.mean).toBeGreaterThan(0);
  });

  it("draws a progress bar in place on a terminal, and clears it", async () => {
    const argv = ["simulate", "--arrivals-per-hour", "100", "--agents", "10", "--runs", "3"];
    const run = await simulate([...argv, "--json"], { tty: true });
    expect(run.stderr).toContain("\rsimulating [");
    expect(run.stderr).toContain("3/3 days");
    expect(run.stderr.endsWith("\r")).toBe(true);
    expect(() => JSON.parse(run.stdout)).not.toThrow();
  });
});

describe("ops simulate from a CSV", () => {
  it("simulates the sample export's day and sets the export's own abandon rate beside it", async () => {
    const run = await simulate(["simulate", "--csv", SAMPLE_CSV, "--runs", "3", "--quiet"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^THRESHOLD\s+CALLS\s+OFFERS/);
    expect(run.stdout).toContain("3 runs of 10 h, seed 1, day starts empty");
    expect(run.stdout).toMatch(/In the CSV: 4468 contacts offered, 432 abandoned \(9\.7 %\)\./);
  });

  it("names the file, line and column of a bad row, and exits 2", async () => {
    const dir = await mkdtemp(join(tmpdir(), "simulate-"));
    const file = join(dir, "bad.csv");
    await writeFile(file, "contacts_offered,average_handle_time\n100,300\nlots,300\n");
    const run = await simulate(["simulate", "--csv", file, "--agents", "10"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `error: ${file}: line 3: contacts_offered: expected a count, got "lots" (see \`npm run ops -- simulate --help\`)\n`,
    );
  });
});

describe("ops simulate --target and --report", () => {
  const queue = ["simulate", "--arrivals-per-hour", "600", "--agents", "51", "--hours", "4"];
  const sweep = [...queue, "--patience", "300", "--threshold", "off,30..120:30", "--runs", "8"];

  it("recommends the threshold with the fewest offers that meets the target, and shows it still does on new draws", async () => {
    const run = await simulate([...sweep, "--target", "sl75@20", "--json", "--quiet"]);
    expect(run.code).toBe(0);
    const { results, recommendation } = JSON.parse(run.stdout);
    expect(recommendation).toMatchObject({ threshold: 30, meets: true });
    expect(recommendation.confirmSeed).not.toBe(1);
    expect(recommendation.confirmed.voice.serviceLevel20s.ci95[0]).toBeGreaterThanOrEqual(0.75);
    const offersAt = (t: unknown) =>
      results.find((r: { threshold: unknown }) => r.threshold === t).offers.mean;
    expect(offersAt(30)).toBeGreaterThan(offersAt(60));
  });

  it("recommends a threshold per time window of the sample day, each one confirmed on new draws", async () => {
    const windowed = [
      ...["simulate", "--csv", SAMPLE_CSV, "--patience", "600", "--threshold", "off,30..300:30"],
      ...["--target", "asa<20", "--window-hours", "5", "--runs", "6", "--json", "--quiet"],
    ];
    const run = await simulate(windowed);
    expect(run.code).toBe(0);
    const { windows } = JSON.parse(run.stdout);
    expect(windows.map((w: { from: string; to: string }) => `${w.from}-${w.to}`)).toEqual([
      "08:00-13:00",
      "13:00-the day's end",
    ]);
    for (const window of windows) {
      expect(window.recommendation.confirmed.voice.asaSeconds.mean).toBeLessThan(20);
    }
    const uneven = await simulate([
      ...["simulate", "--csv", SAMPLE_CSV, "--threshold", "off,60", "--target", "asa<20"],
      ...["--window-hours", "0.75", "--runs", "2", "--quiet"],
    ]);
    expect(uneven.code).toBe(2);
    expect(uneven.stderr).toContain(
      "a window must be a whole number of the day's 30-minute intervals",
    );
  });

  it("says so when no simulated threshold meets the target", async () => {
    const run = await simulate([...sweep, "--target", "asa<1", "--quiet"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Target ASA under 1 s: no simulated threshold meets it");
  });

  it("writes the three plots with their bands, the results and an HTML page for the sample export", async () => {
    const dir = await mkdtemp(join(tmpdir(), "simulate-report-"));
    const run = await simulate([
      ...["simulate", "--csv", SAMPLE_CSV, "--patience", "600"],
      ...["--threshold", "off,30..120:30", "--runs", "4", "--report", dir, "--quiet"],
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Report: ${join(dir, "index.html")}`);
    // PNGs appear too where rsvg-convert is installed; the SVGs are always there.
    const files = (await readdir(dir)).filter((name) => !name.endsWith(".png"));
    expect(files.sort()).toEqual([
      "asa.svg",
      "index.html",
      "offers.svg",
      "results.json",
      "service-level.svg",
    ]);
    for (const plot of ["asa.svg", "offers.svg", "service-level.svg"]) {
      const svg = await readFile(join(dir, plot), "utf8");
      expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      expect(svg).toContain('fill-opacity="0.2"'); // the confidence band
      expect(svg).toContain("no deflection");
    }
    const html = await readFile(join(dir, "index.html"), "utf8");
    expect(html).toContain('<img src="asa.svg"');
    expect(JSON.parse(await readFile(join(dir, "results.json"), "utf8")).results).toHaveLength(5);
  });
});

describe("ops simulate usage errors", () => {
  const base = ["simulate", "--arrivals-per-hour", "600", "--agents", "52"];
  it.each([
    [[...base, "--frobnicate"], "unknown flag --frobnicate"],
    [
      [...base, "--threshold", "5min"],
      '--threshold: expected off, seconds, or <from>..<to>:<step>, got "5min"',
    ],
    [[...base, "--threshold", "600..120:60"], "with from <= to"],
    [[...base, "--runs", "0"], "--runs: expected a whole number from 1 to 10000, got 0"],
    [[...base, "--seed", "1.5"], '--seed: expected a whole number, got "1.5"'],
    [[...base, "--patience", "soon"], '--patience: expected a number, got "soon"'],
    [[...base, "--accept", "fax=0.3"], '--accept: unknown channel "fax"'],
    [[...base, "--prefer", "sms=0.7,whatsapp=0.6"], "--prefer: the shares add up to 1.3"],
    [[...base, "--start", "hot"], '--start: expected steady or empty, got "hot"'],
    [[...base, "--agents", "40", "--start", "steady"], "--start steady: the first interval's load"],
    [["simulate", "--arrivals-per-hour", "600"], "--agents is required"],
    [["simulate", "--agents", "5"], "pass --arrivals-per-hour or --csv <file>"],
    [[...base, "--csv", SAMPLE_CSV], "pass --csv or --arrivals-per-hour, not both"],
    [["simulate", "--csv", "no/such.csv"], "--csv: cannot read no/such.csv (ENOENT)"],
    [["simulate", "--csv", SAMPLE_CSV, "--agents", "1,2"], "--agents: 2 counts for 20 intervals"],
    [[...base, "extra"], 'unexpected argument "extra"'],
    [
      [...base, "--target", "fast"],
      '--target: expected asa<seconds> or sl<percent>@20, got "fast"',
    ],
    [[...base, "--target", "sl80@30"], "--target: the service level is simulated at 20 s only"],
  ])("%j exits 2 with one line naming the problem", async (argv, message) => {
    const run = await simulate(argv);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(message);
    expect(run.stderr).toMatch(/^error: [^\n]*\(see `npm run ops -- simulate --help`\)\n$/);
  });

  it("prints its help, with the CSV format and the JSON interface", async () => {
    const run = await simulate(["simulate", "--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: npm run ops -- simulate /);
    expect(run.stdout).toContain("contacts_offered");
    expect(run.stdout).toContain("--json");
  });
});
