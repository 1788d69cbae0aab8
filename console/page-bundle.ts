import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

/** The page's files: the HTML and CSS as they are, the TypeScript bundled at start. */
export interface PageAssets {
  readonly html: string;
  readonly css: string;
  readonly js: string;
}

/** Each console's page: the sandbox's four panels, or the Operations panel alone for ops. */
const PAGES = {
  sandbox: { html: "index.html", entry: "console-page.ts" },
  ops: { html: "ops.html", entry: "ops-page.ts" },
} as const;

export type PageName = keyof typeof PAGES;

const page = (name: string) => fileURLToPath(new URL(`./page/${name}`, import.meta.url));

/**
 * Builds the page when the console starts (esbuild, in memory, well under a second), so
 * `npm start` is the only step: nothing is downloaded and no build output is kept on disk.
 */
export async function buildPage(name: PageName): Promise<PageAssets> {
  const files = PAGES[name];
  const [html, css, bundle] = await Promise.all([
    readFile(page(files.html), "utf8"),
    readFile(page("console.css"), "utf8"),
    build({
      entryPoints: [page(files.entry)],
      bundle: true,
      write: false,
      format: "esm",
      target: "es2022",
      platform: "browser",
      logLevel: "silent",
    }),
  ]);
  const js = bundle.outputFiles[0]?.text;
  if (js === undefined) throw new Error("esbuild produced no page bundle");
  return { html, css, js };
}
