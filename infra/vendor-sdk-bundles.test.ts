import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { beforeAll, describe, expect, it } from "vitest";
import {
  BUNDLE_MAIN_FIELDS,
  BUNDLE_TARGET,
  ESM_REQUIRE_BANNER,
  FUNCTION_ENTRIES,
  type FunctionName,
  NEVER_LOADED_IN_LAMBDA,
  VENDOR_SDK_BUNDLES,
} from "./function-bundles.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const NAMES = Object.keys(FUNCTION_ENTRIES) as FunctionName[];

/** The npm packages whose code ends up in a bundle, read from esbuild's metafile. */
async function packagesIn(name: FunctionName): Promise<ReadonlySet<string>> {
  // The stack's own bundling (infra/bundled-function.ts), with a metafile and no output file.
  const result = await build({
    entryPoints: [join(ROOT, FUNCTION_ENTRIES[name])],
    bundle: true,
    write: false,
    outdir: "out",
    platform: "node",
    format: "esm",
    target: BUNDLE_TARGET,
    mainFields: BUNDLE_MAIN_FIELDS,
    banner: { js: ESM_REQUIRE_BANNER },
    external: [...NEVER_LOADED_IN_LAMBDA],
    metafile: true,
    logLevel: "error",
  });
  const packages = new Set<string>();
  for (const output of Object.values(result.metafile.outputs)) {
    for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
      const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path);
      if (match?.[1] && bytesInOutput > 0) packages.add(match[1]);
    }
  }
  return packages;
}

let bundles: ReadonlyMap<FunctionName, ReadonlySet<string>>;

beforeAll(async () => {
  const built = await Promise.all(
    NAMES.map(async (name) => [name, await packagesIn(name)] as const),
  );
  bundles = new Map(built);
}, 120_000);

describe("vendor SDKs in the function bundles", () => {
  it.each(Object.entries(VENDOR_SDK_BUNDLES))(
    "carries %s only in the bundles whose path calls it (%j)",
    (sdk, allowed) => {
      const carrying = NAMES.filter((name) => bundles.get(name)?.has(sdk));
      expect(carrying).toEqual(NAMES.filter((name) => allowed.includes(name)));
    },
  );

  it("reads packages from the metafile: every bundle carries the AWS SDK's DynamoDB client", () => {
    for (const name of NAMES) expect(bundles.get(name)).toContain("@aws-sdk/client-dynamodb");
  });
});
