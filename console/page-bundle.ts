import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

/** The page's files: the HTML and CSS as they are, the TypeScript bundled at start. */
export interface PageAssets {
  readonly html: string;
  readonly css: string;
  readonly js: string;
}

const page = (name: string) => fileURLToPath(new URL(`./page/${name}`, import.meta.url));

/**
 * Builds the page when the console starts (esbuild, in memory, well under a second), so
 * `npm start` is the only step: nothing is downloaded and no build output is kept on disk.
 */
export async function buildPage(): Promise<PageAssets> {
  const [html, css, bundle] = await Promise.all([
    readFile(page("index.html"), "utf8"),
    readFile(page("console.css"), "utf8"),
    build({
      entryPoints: [page("console-page.ts")],
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
