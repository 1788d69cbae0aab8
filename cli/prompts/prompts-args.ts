import { parseCommandArgs } from "../ops/command-args.ts";
import { UsageError } from "../ops/usage-error.ts";
import { catalogLanguages, catalogPromptNames, type PromptCatalog } from "./prompt-set.ts";

/** Where SynthesizeSpeech goes. */
export type PollyTarget =
  /** The Polly emulator, started in this process (espeak-ng speaks). */
  | { readonly kind: "local" }
  /** Amazon Polly with the default credential chain; the SDK finds the region when unset. */
  | { readonly kind: "aws"; readonly region?: string; readonly endpoint?: string }
  /** A Polly-compatible endpoint that takes any credentials. */
  | { readonly kind: "endpoint"; readonly endpoint: string; readonly region: string };

export interface PromptsRequest {
  readonly outDir: string;
  readonly languages: readonly string[];
  readonly promptNames: readonly string[];
  readonly target: PollyTarget;
  readonly sampleRateHz: 8000 | 16000;
}

const FLAGS = {
  out: { type: "string" },
  language: { type: "string" },
  prompt: { type: "string" },
  aws: { type: "boolean" },
  region: { type: "string" },
  endpoint: { type: "string" },
  "sample-rate": { type: "string" },
} as const;

// A placeholder for endpoints that ignore it; the SDK still needs one to sign.
const ENDPOINT_REGION = "us-east-1";

/** Reads the command's flags against the catalog; every mistake is a one-line UsageError. */
export function parsePromptsArgs(args: readonly string[], catalog: PromptCatalog): PromptsRequest {
  const { values } = parseCommandArgs({ args, flags: FLAGS, positionals: [] });
  if (values.out === undefined || values.out === "") throw new UsageError("missing --out <dir>");
  const region = values.region === undefined ? undefined : checkedRegion(values.region);
  const endpoint = values.endpoint === undefined ? undefined : checkedEndpoint(values.endpoint);
  return {
    outDir: values.out,
    languages: chosen("--language", "language", values.language, catalogLanguages(catalog)),
    promptNames: chosen("--prompt", "prompt", values.prompt, catalogPromptNames(catalog)),
    target: target(values.aws === true, region, endpoint),
    sampleRateHz: sampleRate(values["sample-rate"]),
  };
}

function target(aws: boolean, region?: string, endpoint?: string): PollyTarget {
  if (aws) {
    return { kind: "aws", ...(region ? { region } : {}), ...(endpoint ? { endpoint } : {}) };
  }
  if (endpoint) return { kind: "endpoint", endpoint, region: region ?? ENDPOINT_REGION };
  if (region) throw new UsageError("--region goes with --aws or --endpoint");
  return { kind: "local" };
}

/** A comma-separated subset of `known`, in the order asked; all of `known` when not given. */
function chosen(flag: string, noun: string, value: string | undefined, known: string[]): string[] {
  if (value === undefined) return known;
  const asked = value.split(",").map((item) => item.trim());
  if (asked.some((item) => item === "")) {
    throw new UsageError(`${flag}: expected a comma-separated list, got "${value}"`);
  }
  const unknown = asked.find((item) => !known.includes(item));
  if (unknown !== undefined) {
    throw new UsageError(`${flag}: unknown ${noun} "${unknown}" (known: ${known.join(", ")})`);
  }
  return [...new Set(asked)];
}

function sampleRate(value: string | undefined): 8000 | 16000 {
  if (value === undefined || value === "8000") return 8000;
  if (value === "16000") return 16000;
  throw new UsageError(`--sample-rate: expected 8000 or 16000 (Polly's PCM rates), got "${value}"`);
}

function checkedRegion(value: string): string {
  if (/^[a-z0-9]+(-[a-z0-9]+)+$/u.test(value)) return value;
  throw new UsageError(`--region: not an AWS region, got "${value}"`);
}

function checkedEndpoint(value: string): string {
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (url && (url.protocol === "http:" || url.protocol === "https:")) return value;
  throw new UsageError(`--endpoint: expected an http(s) URL, got "${value}"`);
}

export const PROMPTS_HELP = `Usage: npm run prompts -- --out <dir> [flags]

Renders every prompt the voice flows speak, in every language, with the example values filled
in, to <dir>/<language>/<prompt>.wav (mono 16-bit PCM), so they can be heard before deploying.

  --out <dir>             where to write the WAV files (required)
  --language <a,b>        only these languages (default: all of the catalog's)
  --prompt <a,b>          only these prompts (default: all)
  --sample-rate <hz>      8000 (the telephone's, default) or 16000
  --aws                   Amazon Polly with your AWS credentials (the default credential chain)
  --region <region>       the region for --aws (default: the SDK's: $AWS_REGION, the profile)
  --endpoint <url>        a Polly-compatible endpoint (HTTP/2, as the SDK speaks it);
                          with --aws it is signed with your credentials
  --help                  this text

Without --aws or --endpoint a local Polly emulator speaks with espeak-ng (no AWS account).
Exit status: 0 all written, 1 a prompt was refused or Polly failed, 2 bad usage.`;
