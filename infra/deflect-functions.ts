import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ArnFormat, Duration, RemovalPolicy, Stack } from "aws-cdk-lib";
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
import type { TranscriptionSettings } from "./deploy-settings.ts";
import {
  BUNDLE_TARGET,
  ESM_REQUIRE_BANNER,
  FUNCTION_ENTRIES,
  type FunctionName,
} from "./function-bundles.ts";
import { contactLensStatement, transcriptWorkerStatements } from "./transcript-permissions.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");

export interface DeflectFunctionsProps {
  readonly table: Table;
  readonly connectInstanceArn: string;
  /** Channel credentials (and the resume token key), keyed by their ENV names. */
  readonly channelSecret: ISecret;
  /** The transcript source: the worker is deployed for "transcribe" only. */
  readonly transcription: TranscriptionSettings;
  /** Non-secret environment shared by every function, by ENV name. */
  readonly settings: Partial<Record<EnvName, string>>;
}

// Each function's outer limit. Deflect answers within its own 3 s budget; Connect gives up at
// 8 s whatever happens (protocols.md §1.3). Twilio stops waiting for a webhook at 15 s (§9).
const TIMEOUTS: Record<Exclude<FunctionName, "transcribe">, Duration> = {
  deflect: Duration.seconds(8),
  webhooks: Duration.seconds(10),
  resume: Duration.seconds(30),
  relay: Duration.seconds(30),
};
// The worker listens up to its cap, then gives the recognizer 10 s to return what it heard
// (functions/transcribe/transcribe-handler.ts); the rest covers a cold start and the last
// writes. The cap is at most 840 s, so this stays within Lambda's 900 s.
const TRANSCRIBE_MARGIN_SECONDS = 30;

/** The Lambda functions, each bundled with only what its own path imports. */
export class DeflectFunctions extends Construct {
  readonly deflect: NodejsFunction;
  readonly webhooks: NodejsFunction;
  readonly resume: NodejsFunction;
  readonly relay: NodejsFunction;
  /** The transcript worker deflect starts per call; only with the Transcribe source. */
  readonly transcribe: NodejsFunction | undefined;
  /** Stream records resume could not process after its retries; kept 14 days for a look. */
  readonly resumeFailures: Queue;
  /** Chat-streaming notifications the relay still failed after Lambda's async retries. */
  readonly relayFailures: Queue;
  /** Worker starts that failed or came too late to be worth running. */
  readonly transcribeFailures: Queue | undefined;

  constructor(scope: Construct, id: string, props: DeflectFunctionsProps) {
    super(scope, id);
    const make = (name: Exclude<FunctionName, "transcribe">) =>
      this.#function(name, props, TIMEOUTS[name]);
    this.deflect = make("deflect");
    this.webhooks = make("webhooks");
    this.resume = make("resume");
    this.relay = make("relay");
    for (const fn of [this.deflect, this.webhooks, this.resume, this.relay]) {
      props.table.grantReadWriteData(fn);
    }
    const { transcription } = props;
    if (transcription.source === "transcribe") {
      this.transcribeFailures = this.#failureQueue("TranscribeFailures");
      this.transcribe = this.#transcriptWorker(props, transcription, this.transcribeFailures);
    } else {
      this.transcribeFailures = undefined;
      this.transcribe = undefined;
    }
    if (transcription.source === "contact-lens") {
      this.resume.addToRolePolicy(contactLensStatement(props.connectInstanceArn));
    }
    for (const fn of this.all()) {
      // Each cold start reads the channel secret by the ARN in ENV.secretArn (config/). The
      // worker too: a setting kept there (DEFLECT_REDACT_PATTERNS) must redact transcripts alike.
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

  /** Every deployed function, the worker included when there is one. */
  all(): NodejsFunction[] {
    const functions = [this.deflect, this.webhooks, this.resume, this.relay];
    return this.transcribe ? [...functions, this.transcribe] : functions;
  }

  /** Sets one variable on the functions that read it; names only from config/environment-names. */
  setEnvironment(name: EnvName, value: string, functions: NodejsFunction[] = this.all()): void {
    for (const fn of functions) fn.addEnvironment(name, value);
  }

  #transcriptWorker(
    props: DeflectFunctionsProps,
    transcription: Extract<TranscriptionSettings, { source: "transcribe" }>,
    failures: Queue,
  ): NodejsFunction {
    // 512 MB like the others: the worker keeps pace with the call (Matroska parsing, a signed
    // event per audio chunk, HTTP/2 to Transcribe) for the 1 s lag target, and holds only a few
    // fragments. It mostly waits on the call, so memory × call length is its cost: lower it
    // once the REPORT lines' Max Memory Used shows room.
    // A name known at synth (not CloudFormation's), so its own policy can name it.
    const functionName = `${Stack.of(this).stackName}-transcribe`.slice(0, 64);
    const worker = this.#function(
      "transcribe",
      props,
      Duration.seconds(transcription.capSeconds + TRANSCRIBE_MARGIN_SECONDS),
      functionName,
    );
    // Segments are blind idempotent puts (adapters/dynamodb/dynamo-transcript-source.ts); the
    // start claims the call once (a conditional put, read back when taken, released on a
    // failed launch, completed after it).
    props.table.grant(
      worker,
      "dynamodb:BatchWriteItem",
      "dynamodb:PutItem",
      "dynamodb:GetItem",
      "dynamodb:UpdateItem",
      "dynamodb:DeleteItem",
    );
    for (const statement of transcriptWorkerStatements({
      connectInstanceArn: props.connectInstanceArn,
      mediaStreamPrefix: transcription.mediaStreamPrefix,
    })) {
      worker.addToRolePolicy(statement);
    }
    // It starts one worker per call with an asynchronous invoke. One retry: a second run
    // only rewrites the same segments. An event older than a few minutes (a throttled start,
    // or a retry after minutes of listening) is not worth running: the call has moved on
    // (deflected, queued or gone), so it goes to the queue instead.
    worker.configureAsyncInvoke({
      retryAttempts: 1,
      maxEventAge: Duration.minutes(5),
      onFailure: new SqsDestination(failures),
    });
    // The flow's step invokes it to start, and it starts itself as an asynchronous invoke: by
    // name, since its own ARN attribute in its own policy would be a circular reference.
    worker.addToRolePolicy(
      new PolicyStatement({
        actions: ["lambda:InvokeFunction"],
        // It invokes itself by the ARN it was invoked with, qualified when Connect's was.
        resources: [functionName, `${functionName}:*`].map((resourceName) =>
          Stack.of(this).formatArn({
            service: "lambda",
            resource: "function",
            resourceName,
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        ),
      }),
    );
    worker.addPermission("ConnectInvoke", {
      principal: new ServicePrincipal("connect.amazonaws.com"),
      sourceArn: props.connectInstanceArn,
      sourceAccount: Stack.of(this).account,
    });
    return worker;
  }

  #failureQueue(id: string): Queue {
    return new Queue(this, id, {
      retentionPeriod: Duration.days(14),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
  }

  #function(
    name: FunctionName,
    props: DeflectFunctionsProps,
    timeout: Duration,
    functionName?: string,
  ): NodejsFunction {
    const id = name[0]?.toUpperCase() + name.slice(1);
    return new NodejsFunction(this, id, {
      ...(functionName ? { functionName } : {}),
      entry: join(ROOT, FUNCTION_ENTRIES[name]),
      handler: "handler",
      projectRoot: ROOT,
      depsLockFilePath: join(ROOT, "package-lock.json"),
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      // More memory buys more CPU, which is what a cold start spends its time on.
      memorySize: 512,
      timeout,
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
