import { ArnFormat, Duration, Names, Stack } from "aws-cdk-lib";
import type { Table } from "aws-cdk-lib/aws-dynamodb";
import { Rule, RuleTargetInput, Schedule } from "aws-cdk-lib/aws-events";
import { LambdaFunction } from "aws-cdk-lib/aws-events-targets";
import { PolicyStatement, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import {
  FilterCriteria,
  FilterRule,
  type IDestination,
  type IEventSourceDlq,
  type IFunction,
  StartingPosition,
} from "aws-cdk-lib/aws-lambda";
import type { NodejsFunction } from "aws-cdk-lib/aws-lambda-nodejs";
import type { ISecret } from "aws-cdk-lib/aws-secretsmanager";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { TABLE } from "../adapters/dynamodb/table-definition.ts";
import { ENV, type EnvName } from "../config/environment-names.ts";
import { DRAIN_WAITING_LINE_EVENT } from "../config/scheduled-events.ts";
import { bundledFunction } from "./bundled-function.ts";
import type { TranscriptionSettings } from "./deploy-settings.ts";
import type { FunctionName } from "./function-bundles.ts";
import { acknowledgeNag, acknowledgeWildcardResource } from "./nag-checks.ts";
import { grantTableAccess, tableActions } from "./table-access.ts";
import {
  contactLensStatement,
  mediaStreamsArn,
  transcriptWorkerStatements,
} from "./transcript-permissions.ts";

export interface DeflectFunctionsProps {
  readonly table: Table;
  readonly connectInstanceArn: string;
  /** Channel credentials (and the resume token key), keyed by their ENV names. */
  readonly channelSecret: ISecret;
  /** The transcript source: the worker is deployed for "transcribe" only. */
  readonly transcription: TranscriptionSettings;
  /** Non-secret environment shared by every function, by ENV name. */
  readonly settings: Partial<Record<EnvName, string>>;
  /** Set aside for deflect, which answers inside live calls. */
  readonly deflectReservedConcurrency: number;
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

const CONNECT_SUBRESOURCES =
  "Connect authorises these calls on the instance's queues, contacts and flows, whose ids are not known at synth; instance/<id>/* keeps them to this one instance.";

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
    const environment = {
      [ENV.tableName]: props.table.tableName,
      ...props.settings,
      // After the settings: the ARN always names the secret this function may read.
      [ENV.secretArn]: props.channelSecret.secretArn,
    };
    const make = (name: Exclude<FunctionName, "transcribe">, reserved?: number) =>
      bundledFunction(this, {
        name,
        timeout: TIMEOUTS[name],
        environment,
        ...(reserved === undefined ? {} : { reservedConcurrentExecutions: reserved }),
      });
    // Only deflect runs inside live calls: its share cannot be taken by a webhook flood.
    this.deflect = make("deflect", props.deflectReservedConcurrency);
    this.webhooks = make("webhooks");
    this.resume = make("resume");
    this.relay = make("relay");
    const { transcription } = props;
    const transcriptsInTable = transcription.source === "transcribe";
    for (const [name, fn] of [
      ["deflect", this.deflect],
      ["webhooks", this.webhooks],
      ["resume", this.resume],
      ["relay", this.relay],
    ] as const) {
      grantTableAccess(fn, props.table, tableActions(name, { transcriptsInTable }));
    }
    if (transcription.source === "transcribe") {
      this.transcribeFailures = this.#failureQueue("TranscribeFailures");
      this.transcribe = this.#transcriptWorker(
        { ...props, environment },
        transcription,
        this.transcribeFailures,
      );
    } else {
      this.transcribeFailures = undefined;
      this.transcribe = undefined;
    }
    for (const fn of this.all()) {
      // Each cold start reads the channel secret by the ARN in ENV.secretArn (config/), with
      // GetSecretValue alone. The worker too: a setting kept there (DEFLECT_REDACT_PATTERNS)
      // must redact transcripts alike.
      fn.addToRolePolicy(
        new PolicyStatement({
          actions: ["secretsmanager:GetSecretValue"],
          resources: [props.channelSecret.secretArn],
        }),
      );
    }
    this.#connectPermissions(props);
    this.resumeFailures = this.#failureQueue("ResumeFailures");
    this.relayFailures = this.#failureQueue("RelayFailures");
    // SNS invokes the relay asynchronously; a notification it keeps failing is parked, not lost.
    this.relay.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
      onFailure: parkFailures(this.relay, this.relayFailures),
    });
    this.#inboxStream(props.table);
    this.#waitingLineDrain();
  }

  /**
   * Every minute, resume routes the waiting line: the customers whose chat could not open at
   * Connect's active-chat limit get it once a chat has ended. A drain that fails is tried by
   * the next one; nothing is lost meanwhile (the messages wait in the table).
   */
  #waitingLineDrain(): void {
    new Rule(this, "WaitingLineDrain", {
      description: "Routes the customers waiting for a chat slot (connect-deflect resume)",
      schedule: Schedule.rate(Duration.minutes(1)),
      targets: [
        new LambdaFunction(this.resume, {
          event: RuleTargetInput.fromObject(DRAIN_WAITING_LINE_EVENT),
          retryAttempts: 0,
        }),
      ],
    });
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

  #connectPermissions(props: DeflectFunctionsProps): void {
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
    if (props.transcription.source === "contact-lens") {
      this.resume.addToRolePolicy(contactLensStatement(props.connectInstanceArn));
    }
    for (const fn of [this.deflect, this.resume]) {
      if (fn.role)
        acknowledgeWildcardResource(fn.role, instance[1] as string, CONNECT_SUBRESOURCES);
    }
  }

  /** Resume reads the INBOX# items the webhook function inserts, from the table's stream. */
  #inboxStream(table: Table): void {
    const streamArn = table.tableStreamArn;
    if (!streamArn) throw new Error("the table has no stream for resume to read");
    // The id DynamoEventSource gave this mapping, so an update keeps it (a new mapping would
    // start again at TRIM_HORIZON). That source also grants dynamodb:ListStreams on "*"; the
    // mapping is handed the stream's ARN and never lists streams, so only the three reads are
    // granted, on this stream alone.
    this.resume.addEventSourceMapping(`DynamoDBEventSource:${Names.nodeUniqueId(table.node)}`, {
      eventSourceArn: streamArn,
      startingPosition: StartingPosition.TRIM_HORIZON,
      batchSize: 10,
      // Ten batches of a shard at once, each partition key (one customer) in one of them and
      // in order: one busy customer does not hold up the shard's other customers.
      parallelizationFactor: 10,
      // Resume reports the earliest message to retry and all after it.
      reportBatchItemFailures: true,
      retryAttempts: 10,
      onFailure: parkFailures(this.resume, this.resumeFailures),
      filters: [
        FilterCriteria.filter({
          eventName: FilterRule.isEqual("INSERT"),
          dynamodb: { Keys: { [TABLE.partitionKey]: { S: FilterRule.beginsWith("INBOX#") } } },
        }),
      ],
    });
    table.grantStream(
      this.resume,
      "dynamodb:DescribeStream",
      "dynamodb:GetRecords",
      "dynamodb:GetShardIterator",
    );
  }

  #transcriptWorker(
    props: DeflectFunctionsProps & { environment: Record<string, string> },
    transcription: Extract<TranscriptionSettings, { source: "transcribe" }>,
    failures: Queue,
  ): NodejsFunction {
    // 512 MB like the others: the worker keeps pace with the call (Matroska parsing, a signed
    // event per audio chunk, HTTP/2 to Transcribe) for the 1 s lag target, and holds only a few
    // fragments. It mostly waits on the call, so memory × call length is its cost: lower it
    // once the REPORT lines' Max Memory Used shows room.
    // A name known at synth (not CloudFormation's), so its own policy can name it.
    const functionName = `${Stack.of(this).stackName}-transcribe`.slice(0, 64);
    const worker = bundledFunction(this, {
      name: "transcribe",
      timeout: Duration.seconds(transcription.capSeconds + TRANSCRIBE_MARGIN_SECONDS),
      environment: props.environment,
      functionName,
      alsoOnAnyResource:
        "transcribe:StartStreamTranscription has no resource type either (transcript-permissions.ts).",
    });
    grantTableAccess(worker, props.table, tableActions("transcribe", { transcriptsInTable: true }));
    const streams = {
      connectInstanceArn: props.connectInstanceArn,
      mediaStreamPrefix: transcription.mediaStreamPrefix,
    };
    for (const statement of transcriptWorkerStatements(streams)) worker.addToRolePolicy(statement);
    // It starts one worker per call with an asynchronous invoke. One retry: a second run
    // only rewrites the same segments. An event older than a few minutes (a throttled start,
    // or a retry after minutes of listening) is not worth running: the call has moved on
    // (deflected, queued or gone), so it goes to the queue instead.
    worker.configureAsyncInvoke({
      retryAttempts: 1,
      maxEventAge: Duration.minutes(5),
      onFailure: parkFailures(worker, failures),
    });
    // The flow's step invokes it to start, and it starts itself as an asynchronous invoke: by
    // name, since its own ARN attribute in its own policy would be a circular reference.
    const [unqualified, qualified] = [functionName, `${functionName}:*`].map((resourceName) =>
      Stack.of(this).formatArn({
        service: "lambda",
        resource: "function",
        resourceName,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      }),
    );
    worker.addToRolePolicy(
      new PolicyStatement({
        actions: ["lambda:InvokeFunction"],
        // It invokes itself by the ARN it was invoked with, qualified when Connect's was.
        resources: [unqualified as string, qualified as string],
      }),
    );
    if (worker.role) {
      acknowledgeWildcardResource(
        worker.role,
        mediaStreamsArn(streams.connectInstanceArn, streams.mediaStreamPrefix),
        "Connect names each call's stream <prefix>-contact-<id> and its ARN ends in the creation time, so a wildcard after this instance's prefix is the narrowest name for them.",
      );
      acknowledgeWildcardResource(
        worker.role,
        qualified as string,
        "The worker invokes itself by the ARN it was invoked with, which may carry a version or alias; :* reaches only this function's own qualifiers.",
      );
    }
    worker.addPermission("ConnectInvoke", {
      principal: new ServicePrincipal("connect.amazonaws.com"),
      sourceArn: props.connectInstanceArn,
      sourceAccount: Stack.of(this).account,
    });
    return worker;
  }

  #failureQueue(id: string): Queue {
    const queue = new Queue(this, id, {
      retentionPeriod: Duration.days(14),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    acknowledgeNag(
      queue,
      "SQS3",
      "This queue is itself where a function's failed events are parked (an on-failure destination), which cdk-nag cannot see; nothing reads it but an operator, so a queue behind it would never fill.",
    );
    return queue;
  }
}

/**
 * The queue as a function's on-failure destination (asynchronous invokes, or a stream
 * mapping's failed batches). Lambda only sends to it, so its role gets sqs:SendMessage alone;
 * CDK's SqsDestination and SqsDlq also grant GetQueueAttributes and GetQueueUrl.
 */
function parkFailures(fn: IFunction, queue: Queue): IDestination & IEventSourceDlq {
  fn.addToRolePolicy(
    new PolicyStatement({ actions: ["sqs:SendMessage"], resources: [queue.queueArn] }),
  );
  return { bind: () => ({ destination: queue.queueArn }) };
}
