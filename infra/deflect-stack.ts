import { CfnOutput, Stack, type StackProps } from "aws-cdk-lib";
import { Secret } from "aws-cdk-lib/aws-secretsmanager";
import type { Construct } from "constructs";
import { ENV } from "../config/environment-names.ts";
import { allFlows } from "../flows/all-flows.ts";
import { ChatStreaming } from "./chat-streaming.ts";
import { ContactFlows } from "./contact-flows.ts";
import { DeflectApi } from "./deflect-api.ts";
import { DeflectFunctions } from "./deflect-functions.ts";
import { DeflectStorage } from "./deflect-storage.ts";
import type { DeploySettings } from "./deploy-settings.ts";
import { Observability } from "./observability.ts";

export interface DeflectStackProps extends StackProps {
  /** Checked by `parseDeploySettings`; see DEPLOY_SETTINGS_HELP. */
  readonly deploy: DeploySettings;
}

/** The deployable system: table, functions, webhook API, chat streaming topic and flows. */
export class DeflectStack extends Stack {
  readonly storage: DeflectStorage;
  readonly functions: DeflectFunctions;
  readonly api: DeflectApi;
  readonly streaming: ChatStreaming;
  readonly flows: ContactFlows;

  constructor(scope: Construct, id: string, props: DeflectStackProps) {
    super(scope, id, props);
    const { deploy } = props;
    this.storage = new DeflectStorage(this, "Storage");
    this.functions = new DeflectFunctions(this, "Functions", {
      table: this.storage.table,
      connectInstanceArn: deploy.connectInstanceArn,
      channelSecret: Secret.fromSecretCompleteArn(this, "ChannelSecret", deploy.channelSecretArn),
      transcription: deploy.transcription,
      settings: deploy.settings,
      deflectReservedConcurrency: deploy.deflectReservedConcurrency,
    });
    const { deflect, webhooks, resume, relay } = this.functions;
    this.api = new DeflectApi(this, "Api", { webhooks, throttle: deploy.webhookThrottle });
    this.streaming = new ChatStreaming(this, "ChatStreaming", {
      relay,
      connectInstanceArn: deploy.connectInstanceArn,
    });
    this.flows = new ContactFlows(this, "Flows", {
      connectInstanceArn: deploy.connectInstanceArn,
      flows: allFlows({
        queue: deploy.workingQueue,
        transcriptSource: deploy.transcription.source,
      }),
      functions: {
        deflect,
        ...(this.functions.transcribe ? { transcribe: this.functions.transcribe } : {}),
      },
      queueArns: deploy.queueArns,
    });
    // Status callbacks and signatures use the public origin, so every sender needs it; resume
    // reads the same channel settings to fetch the files customers send.
    this.functions.setEnvironment(ENV.webhookPublicBaseUrl, this.api.publicBaseUrl, [
      deflect,
      webhooks,
      resume,
      relay,
    ]);
    const instanceId = deploy.connectInstanceArn.split("/")[1] ?? "";
    this.functions.setEnvironment(ENV.resumeInstanceId, instanceId, [resume]);
    this.functions.setEnvironment(ENV.resumeContactFlowId, this.flows.flowId("deflected-chat"), [
      resume,
    ]);
    this.functions.setEnvironment(ENV.resumeRelayTopicArn, this.streaming.topic.topicArn, [resume]);
    new Observability(this, "Observability", {
      functions: this.functions,
      settings: deploy.settings,
      alarmTopicArn: deploy.alarmTopicArn,
    });
    new CfnOutput(this, "TableName", { value: this.storage.table.tableName });
    new CfnOutput(this, "ChatStreamingTopicArn", { value: this.streaming.topic.topicArn });
    // With these, `npm run ops -- doctor --outputs <cdk outputs file>` finds the installation.
    new CfnOutput(this, "ConnectInstanceArn", { value: deploy.connectInstanceArn });
    new CfnOutput(this, "ChannelSecretArn", { value: deploy.channelSecretArn });
  }
}
