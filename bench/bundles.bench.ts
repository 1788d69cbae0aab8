import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { build, type Metafile } from "esbuild";
import {
  BUNDLE_TARGET,
  ESM_REQUIRE_BANNER,
  FUNCTION_ENTRIES,
  type FunctionName,
  NEVER_LOADED_IN_LAMBDA,
} from "../infra/function-bundles.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const MAX_BUNDLE_BYTES = 1024 * 1024;
const MAX_INIT_MS = 150;
const INIT_RUNS = 5;
/** Vendor SDKs a path should carry only if it sends through that vendor. */
const WATCHED = ["twilio", "twitter-api-v2"] as const;

const run$ = promisify(execFile);

// Times the import inside a fresh process, so nothing is cached from an earlier run.
const IMPORT_TIMER = `const t0 = performance.now();
await import(process.argv[2]);
process.stdout.write(String(performance.now() - t0));
`;

interface BundleFigures {
  readonly name: FunctionName;
  readonly bytes: number;
  readonly watched: readonly string[];
  readonly largestPackages: string;
  readonly initMs: number;
}

/**
 * `npm run bench -- bundles`: builds each function as the stack deploys it (esbuild, ESM,
 * minified, node22, everything bundled but Node's built-ins), then prints its size, which
 * watched vendor SDKs it carries and its module init time against the cold-start targets.
 */
export async function run(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "deflect-bundles-"));
  try {
    const timer = join(dir, "time-import.mjs");
    await writeFile(timer, IMPORT_TIMER);
    const rows: BundleFigures[] = [];
    for (const name of Object.keys(FUNCTION_ENTRIES) as FunctionName[]) {
      rows.push(await measureBundle({ name, dir, timer }));
    }
    printTable(rows);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function measureBundle(options: {
  name: FunctionName;
  dir: string;
  timer: string;
}): Promise<BundleFigures> {
  const { name, dir, timer } = options;
  const outfile = join(dir, name, "index.mjs");
  const result = await build({
    entryPoints: [join(ROOT, FUNCTION_ENTRIES[name])],
    outfile,
    bundle: true,
    platform: "node",
    target: BUNDLE_TARGET,
    format: "esm",
    minify: true,
    mainFields: ["module", "main"],
    banner: { js: ESM_REQUIRE_BANNER },
    external: [...NEVER_LOADED_IN_LAMBDA],
    metafile: true,
    logLevel: "error",
  });
  const output = Object.values(result.metafile.outputs)[0];
  if (!output) throw new Error(`esbuild wrote no output for ${name}`);
  const packages = bytesByPackage(output.inputs);
  const times: number[] = [];
  for (let i = 0; i < INIT_RUNS; i++) {
    const { stdout } = await run$(process.execPath, [timer, pathToFileURL(outfile).href], {
      timeout: 30_000,
    });
    times.push(Number(stdout));
  }
  times.sort((a, b) => a - b);
  const largest = [...packages.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([pkg, bytes]) => `${pkg} ${kb(bytes)}`)
    .join(", ");
  return {
    name,
    bytes: output.bytes,
    watched: WATCHED.filter((pkg) => packages.has(pkg)),
    largestPackages: largest,
    initMs: times[Math.floor(INIT_RUNS / 2)] ?? Number.NaN,
  };
}

/** Output bytes per npm package (the project's own files count as "(project)"). */
function bytesByPackage(inputs: Metafile["outputs"][string]["inputs"]): Map<string, number> {
  const totals = new Map<string, number>();
  for (const [path, { bytesInOutput }] of Object.entries(inputs)) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
    const pkg = match?.[1] ?? "(project)";
    totals.set(pkg, (totals.get(pkg) ?? 0) + bytesInOutput);
  }
  return totals;
}

function printTable(rows: readonly BundleFigures[]): void {
  console.log(
    `${"function".padEnd(10)} ${"bundle".padStart(10)}  ${"≤1 MB".padEnd(5)} ${"init (median of 5)".padStart(18)}  ${"≤150 ms".padEnd(7)} vendor SDKs        largest packages`,
  );
  for (const row of rows) {
    const sizeOk = row.bytes <= MAX_BUNDLE_BYTES ? "ok" : "OVER";
    const initOk = row.initMs <= MAX_INIT_MS ? "ok" : "OVER";
    console.log(
      `${row.name.padEnd(10)} ${kb(row.bytes).padStart(10)}  ${sizeOk.padEnd(5)} ${`${row.initMs.toFixed(1)} ms`.padStart(18)}  ${initOk.padEnd(7)} ${(row.watched.join(", ") || "none").padEnd(18)} ${row.largestPackages}`,
    );
  }
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}
