import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Duration, RemovalPolicy, Stack } from "aws-cdk-lib";
import type { ITable, Table } from "aws-cdk-lib/aws-dynamodb";
import { PolicyStatement, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import {
  Architecture,
  FilterCriteria,
  FilterRule,
  Runtime,
  StartingPosition,
} from "aws-cdk-lib/aws-lambda";
import { SqsDestination } from "aws-cdk-lib/aws-lambda-destinations";
import { DynamoEventSource, SqsDlq } from "aws-cdk-lib/aws-lambda-event-sources";
import { NodejsFunction, OutputFormat } from "aws-cdk-lib/aws-lambda-nodejs";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import type { ISecret } from "aws-cdk-lib/aws-secretsmanager";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { TABLE } from "../adapters/dynamodb/table-definition.ts";
import { ENV, type EnvName } from "../config/environment-names.ts";
import {
  BUNDLE_TARGET,
  ESM_REQUIRE_BANNER,
  FUNCTION_ENTRIES,
  type FunctionName,
} from "./function-bundles.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");

export interface DeflectFunctionsProps {
  readonly table: Table;
  readonly connectInstanceArn: string;
  /** Channel credentials (and the resume token key), keyed by their ENV names. */
  readonly channelSecret: ISecret;
  /** Non-secret environment shared by every function, by ENV name. */
  readonly settings: Partial<Record<EnvName, string>>;
}

// Each function's outer limit. Deflect answers within its own 3 s budget; Connect gives up at
// 8 s whatever happens (protocols.md §1.3). Twilio stops waiting for a webhook at 15 s (§9).
const TIMEOUTS: Record<FunctionName, Duration> = {
  deflect: Duration.seconds(8),
  webhooks: Duration.seconds(10),
  resume: Duration.seconds(30),
  relay: Duration.seconds(30),
};

/** The four Lambda functions, each bundled with only what its own path imports. */
export class DeflectFunctions extends Construct {
  readonly deflect: NodejsFunction;
  readonly webhooks: NodejsFunction;
  readonly resume: NodejsFunction;
  readonly relay: NodejsFunction;
  /** Stream records resume could not process after its retries; kept 14 days for a look. */
  readonly resumeFailures: Queue;
  /** Chat-streaming notifications the relay still failed after Lambda's async retries. */
  readonly relayFailures: Queue;

  constructor(scope: Construct, id: string, props: DeflectFunctionsProps) {
    super(scope, id);
    const make = (name: FunctionName) => this.#function(name, props);
    this.deflect = make("deflect");
    this.webhooks = make("webhooks");
    this.resume = make("resume");
    this.relay = make("relay");
    for (const fn of this.all()) {
      props.table.grantReadWriteData(fn);
      // Each cold start reads the channel secret by the ARN in ENV.secretArn (config/).
      props.channelSecret.grantRead(fn);
    }
    const instance = [props.connectInstanceArn, `${props.connectInstanceArn}/*`];
    this.deflect.addToRolePolicy(
      new PolicyStatement({
        actions: ["connect:GetCurrentMetricData", "connect:GetContactMetrics"],
        resources: instance,
      }),
    );
    this.deflect.addPermission("ConnectInvoke", {
      principal: new ServicePrincipal("connect.amazonaws.com"),
      sourceArn: props.connectInstanceArn,
      sourceAccount: Stack.of(this).account,
    });
    // The participant calls (CreateParticipantConnection, SendMessage) are authorised by the
    // participant's token, not IAM; only the Connect API calls need a policy.
    this.resume.addToRolePolicy(
      new PolicyStatement({
        actions: ["connect:StartChatContact", "connect:StartContactStreaming"],
        resources: instance,
      }),
    );
    this.resumeFailures = this.#failureQueue("ResumeFailures");
    this.relayFailures = this.#failureQueue("RelayFailures");
    // SNS invokes the relay asynchronously; a notification it keeps failing is parked, not lost.
    this.relay.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
      onFailure: new SqsDestination(this.relayFailures),
    });
    this.resume.addEventSource(
      // Table declares `tableStreamArn: string | undefined`, ITable `tableStreamArn?: string`;
      // under exactOptionalPropertyTypes only a cast reconciles the two.
      new DynamoEventSource(props.table as unknown as ITable, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 10,
        // One shard's records stay in order: resume reports the first failure and all after it.
        reportBatchItemFailures: true,
        retryAttempts: 10,
        onFailure: new SqsDlq(this.resumeFailures),
        filters: [
          FilterCriteria.filter({
            eventName: FilterRule.isEqual("INSERT"),
            dynamodb: { Keys: { [TABLE.partitionKey]: { S: FilterRule.beginsWith("INBOX#") } } },
          }),
        ],
      }),
    );
  }

  all(): NodejsFunction[] {
    return [this.deflect, this.webhooks, this.resume, this.relay];
  }

  /** Sets one variable on the functions that read it; names only from config/environment-names. */
  setEnvironment(name: EnvName, value: string, functions: NodejsFunction[] = this.all()): void {
    for (const fn of functions) fn.addEnvironment(name, value);
  }

  #failureQueue(id: string): Queue {
    return new Queue(this, id, {
      retentionPeriod: Duration.days(14),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
  }

  #function(name: FunctionName, props: DeflectFunctionsProps): NodejsFunction {
    const id = name[0]?.toUpperCase() + name.slice(1);
    return new NodejsFunction(this, id, {
      entry: join(ROOT, FUNCTION_ENTRIES[name]),
      handler: "handler",
      projectRoot: ROOT,
      depsLockFilePath: join(ROOT, "package-lock.json"),
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      // More memory buys more CPU, which is what a cold start spends its time on.
      memorySize: 512,
      timeout: TIMEOUTS[name],
      logGroup: new LogGroup(this, `${id}Logs`, {
        retention: RetentionDays.ONE_MONTH,
        removalPolicy: RemovalPolicy.DESTROY,
      }),
      environment: {
        [ENV.tableName]: props.table.tableName,
        ...props.settings,
        // After the settings: the ARN always names the secret this function may read.
        [ENV.secretArn]: props.channelSecret.secretArn,
      },
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        minify: true,
        sourceMap: false,
        target: BUNDLE_TARGET,
        mainFields: ["module", "main"],
        banner: ESM_REQUIRE_BANNER,
        // nodejs22.x ships an SDK, but not necessarily the version the code was tested with.
        bundleAwsSDK: true,
        externalModules: [],
      },
    });
  }
}
