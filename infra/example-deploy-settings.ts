import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseDeploySettings } from "./deploy-settings.ts";

/** The committed example installation (made up: its ids exist nowhere), for tests and docs. */
export const EXAMPLE_DEPLOY_CONFIG = join(
  dirname(fileURLToPath(import.meta.url)),
  "..",
  "deploy.config.example.json",
);

interface ExampleConfig {
  connectInstanceArn: string;
  queues: { Support: string };
  mediaStreamPrefix: string;
  settings: Record<string, string>;
  [key: string]: unknown;
}

/** A fresh copy of the example file's contents, to change a setting or two. */
export function exampleDeployConfig(): ExampleConfig {
  return JSON.parse(readFileSync(EXAMPLE_DEPLOY_CONFIG, "utf8")) as ExampleConfig;
}

const example = exampleDeployConfig();

export const EXAMPLE_INSTANCE_ARN = example.connectInstanceArn;

export const EXAMPLE_QUEUE_ID = example.queues.Support;

/** The example instance's live media streaming prefix. */
export const EXAMPLE_MEDIA_STREAM_PREFIX = example.mediaStreamPrefix;

export const exampleDeploySettings = parseDeploySettings(example);
