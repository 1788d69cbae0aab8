import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import {
  DEPLOY_SETTING_KEYS,
  type DeploySettings,
  parseDeploySettings,
} from "./deploy-settings.ts";

/** Where the settings live unless `-c deployConfig=<path>` names another file (git-ignored). */
export const DEFAULT_DEPLOY_CONFIG = "deploy.config.json";

/** The context key that names the settings file. */
export const DEPLOY_CONFIG_CONTEXT_KEY = "deployConfig";

// `cdk -c key=value` hands every value over as a string; these keys hold JSON.
const JSON_VALUED = new Set([
  "queues",
  "settings",
  "deflectReservedConcurrency",
  "webhookRateLimit",
  "webhookBurstLimit",
]);

export interface DeploySettingsSources {
  readonly tryGetContext: (key: string) => unknown;
  /** The file's text, or undefined when there is no such file. */
  readonly readTextFile?: (path: string) => string | undefined;
  /** Relative paths resolve against this directory (default: the working directory). */
  readonly cwd?: string;
}

/**
 * The installation's deploy settings: the settings file (deploy.config.json, or the one
 * `-c deployConfig` names), with each CDK context key given winning over the file's. A named
 * file that is missing or not a JSON object fails; without any file the context alone must
 * hold every required key. Every wrong or missing value is named (parseDeploySettings).
 */
export function loadDeploySettings(sources: DeploySettingsSources): DeploySettings {
  const { tryGetContext } = sources;
  const named = tryGetContext(DEPLOY_CONFIG_CONTEXT_KEY);
  if (named !== undefined && (typeof named !== "string" || named === "")) {
    throw new Error(`invalid deploy settings: -c ${DEPLOY_CONFIG_CONTEXT_KEY} must name a file`);
  }
  const path = resolve(sources.cwd ?? process.cwd(), named ?? DEFAULT_DEPLOY_CONFIG);
  const text = (sources.readTextFile ?? readTextFileIfPresent)(path);
  if (text === undefined && named !== undefined) {
    throw new Error(`invalid deploy settings: ${path} (-c ${DEPLOY_CONFIG_CONTEXT_KEY}) not found`);
  }
  const fromFile = text === undefined ? {} : parseFile(path, text);
  const fromContext: Record<string, unknown> = {};
  for (const key of DEPLOY_SETTING_KEYS) {
    const value = tryGetContext(key);
    if (value !== undefined) fromContext[key] = JSON_VALUED.has(key) ? jsonValue(value) : value;
  }
  try {
    return parseDeploySettings({ ...fromFile, ...fromContext });
  } catch (error) {
    if (text !== undefined) throw error;
    throw new Error(
      `no ${path}, and the CDK context alone is not enough: ${(error as Error).message}`,
    );
  }
}

function parseFile(path: string, text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`invalid deploy settings: ${path} is not JSON (${(error as Error).message})`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new Error(`invalid deploy settings: ${path} must hold one JSON object`);
  }
  return value as Record<string, unknown>;
}

function jsonValue(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

function readTextFileIfPresent(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}
