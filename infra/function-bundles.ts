/**
 * What each Lambda bundle is built from, shared by the stack (NodejsFunction) and
 * `bench/bundles.bench.ts` (esbuild directly), so the measured bundle is the deployed one.
 */
export const FUNCTION_ENTRIES = {
  deflect: "functions/deflect/handler.ts",
  webhooks: "functions/webhooks/handler.ts",
  resume: "functions/resume/handler.ts",
  relay: "relay/handler.ts",
  transcribe: "functions/transcribe/handler.ts",
} as const;

export type FunctionName = keyof typeof FUNCTION_ENTRIES;

/** The deployed runtime is nodejs24.x (infra/bundled-function.ts), whatever Node runs the build. */
export const BUNDLE_TARGET = "node24";

/**
 * CommonJS packages inside an ESM bundle (twilio, parts of the AWS SDK) call `require` for
 * Node built-ins; esbuild's shim throws unless a real `require` exists in module scope.
 * https://esbuild.github.io/api/#format-esm
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __deflectCreateRequire } from 'node:module'; const require = __deflectCreateRequire(import.meta.url);";
