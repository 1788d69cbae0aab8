import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Duration, RemovalPolicy } from "aws-cdk-lib";
import { Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Architecture, Runtime, Tracing } from "aws-cdk-lib/aws-lambda";
import { NodejsFunction, OutputFormat } from "aws-cdk-lib/aws-lambda-nodejs";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import type { Construct } from "constructs";
import {
  BUNDLE_MAIN_FIELDS,
  BUNDLE_TARGET,
  ESM_REQUIRE_BANNER,
  FUNCTION_ENTRIES,
  type FunctionName,
  NEVER_LOADED_IN_LAMBDA,
} from "./function-bundles.ts";
import { acknowledgeNag } from "./nag-checks.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");

/** The newest Node.js runtime aws-cdk-lib offers; BUNDLE_TARGET follows it. */
export const FUNCTION_RUNTIME = Runtime.NODEJS_24_X;

/** Each function's logs are kept this long. */
export const LOG_RETENTION = RetentionDays.ONE_MONTH;

export interface BundledFunctionOptions {
  readonly name: FunctionName;
  readonly timeout: Duration;
  readonly environment: Record<string, string>;
  /** A name known at synth, for a function that must name itself in its own policy. */
  readonly functionName?: string;
  readonly reservedConcurrentExecutions?: number;
  /** What else this role must be granted on "*", and why; X-Ray is always there. */
  readonly alsoOnAnyResource?: string;
}

/**
 * One Lambda function bundled with only what its own path imports, on its own role. The role
 * starts with nothing but writing to the function's own log group (no AWS managed policy);
 * each grant after that is the function's own.
 */
export function bundledFunction(scope: Construct, options: BundledFunctionOptions): NodejsFunction {
  const { name } = options;
  const id = name[0]?.toUpperCase() + name.slice(1);
  const logGroup = new LogGroup(scope, `${id}Logs`, {
    retention: LOG_RETENTION,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const role = new Role(scope, `${id}Role`, {
    assumedBy: new ServicePrincipal("lambda.amazonaws.com"),
    description: `connect-deflect ${name} function`,
  });
  logGroup.grantWrite(role);
  const fn = new NodejsFunction(scope, id, {
    ...(options.functionName ? { functionName: options.functionName } : {}),
    entry: join(ROOT, FUNCTION_ENTRIES[name]),
    handler: "handler",
    projectRoot: ROOT,
    depsLockFilePath: join(ROOT, "package-lock.json"),
    runtime: FUNCTION_RUNTIME,
    architecture: Architecture.ARM_64,
    // More memory buys more CPU, which is what a cold start spends its time on.
    memorySize: 512,
    timeout: options.timeout,
    role,
    logGroup,
    tracing: Tracing.ACTIVE,
    ...(options.reservedConcurrentExecutions === undefined
      ? {}
      : { reservedConcurrentExecutions: options.reservedConcurrentExecutions }),
    environment: options.environment,
    bundling: {
      forceDockerBundling: false,
      format: OutputFormat.ESM,
      minify: true,
      sourceMap: false,
      target: BUNDLE_TARGET,
      mainFields: BUNDLE_MAIN_FIELDS,
      banner: ESM_REQUIRE_BANNER,
      // The runtime ships an SDK, but not necessarily the version the code was tested with:
      // everything the functions run is bundled, only never-loaded providers are not.
      bundleAwsSDK: true,
      externalModules: [...NEVER_LOADED_IN_LAMBDA],
    },
  });
  const xray =
    "Active tracing sends segments with xray:PutTraceSegments and xray:PutTelemetryRecords, which have no resource type, so only * can name them.";
  const reason = options.alsoOnAnyResource ? `${xray} ${options.alsoOnAnyResource}` : xray;
  acknowledgeNag(role, "IAM5[Resource::*]", reason);
  return fn;
}
