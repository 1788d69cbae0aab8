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

/** ESM builds of packages first: they let esbuild leave out what a path never imports. */
export const BUNDLE_MAIN_FIELDS = ["module", "main"];

/**
 * The vendor SDKs, and the only bundles that may carry each: those whose path calls it.
 * infra/vendor-sdk-bundles.test.ts fails when another bundle carries one.
 */
export const VENDOR_SDK_BUNDLES: Readonly<Record<string, readonly FunctionName[]>> = {
  // Sends X DMs: deflect's first message, resume's notices, the relay's agent messages.
  "twitter-api-v2": ["deflect", "resume", "relay"],
  // Checks X-Twilio-Signature on the webhooks; the sends are plain fetch.
  twilio: ["webhooks"],
};

/**
 * CommonJS packages inside an ESM bundle (twilio, parts of the AWS SDK) call `require` for
 * Node built-ins; esbuild's shim throws unless a real `require` exists in module scope.
 * https://esbuild.github.io/api/#format-esm
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __deflectCreateRequire } from 'node:module'; const require = __deflectCreateRequire(import.meta.url);";

/**
 * Left out of every bundle: the credential providers the SDK's default chain loads with a
 * dynamic import only when no credentials are in the environment. In Lambda they always are
 * (AWS_ACCESS_KEY_ID and friends, the chain's first link), so these never load. Were the
 * environment ever without credentials, the chain would fail with a missing module instead
 * of "could not load credentials", the same outcome in other words. About 100 KB a bundle.
 */
export const NEVER_LOADED_IN_LAMBDA = [
  "@aws-sdk/credential-provider-sso",
  "@aws-sdk/credential-provider-ini",
  "@aws-sdk/credential-provider-process",
  "@aws-sdk/credential-provider-web-identity",
] as const;
