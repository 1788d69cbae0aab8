import { CfnOutput, RemovalPolicy } from "aws-cdk-lib";
import { AccessLogFormat } from "aws-cdk-lib/aws-apigateway";
import {
  HttpApi,
  HttpMethod,
  HttpStage,
  LogGroupLogDestination,
} from "aws-cdk-lib/aws-apigatewayv2";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { LogGroup } from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import type { ChannelKind } from "../core/channel.ts";
import { LOG_RETENTION } from "./bundled-function.ts";
import { acknowledgeNag } from "./nag-checks.ts";

/** Where each platform is told to deliver (`<base>/webhooks/<channel>`): every channel. */
export const PLATFORM_WEBHOOKS: Readonly<Record<ChannelKind, string>> = {
  sms: 'Twilio: the SMS number\'s "A message comes in" webhook (HTTP POST)',
  whatsapp: 'Twilio: the WhatsApp sender\'s "A message comes in" webhook (HTTP POST)',
  messenger: "Meta: the app's Messenger webhook callback URL, with META_VERIFY_TOKEN",
  x: "X: the Account Activity API webhook URL (answers the CRC check)",
  telegram: "Telegram: setWebhook url, with secret_token = TELEGRAM_WEBHOOK_SECRET",
  line: "LINE: the Messaging API channel's webhook URL",
};

export interface DeflectApiProps {
  readonly webhooks: IFunction;
  /** The stage's steady requests per second and the burst above it. */
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
}

/** The public HTTP API the messenger platforms call: `ANY /webhooks/{channel}`. */
export class DeflectApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogs: LogGroup;
  /** The origin without a trailing slash; a route's URL is this + `/webhooks/<channel>`. */
  readonly publicBaseUrl: string;

  constructor(scope: Construct, id: string, props: DeflectApiProps) {
    super(scope, id);
    this.api = new HttpApi(this, "Http", {
      description: "Messenger webhooks for connect-deflect",
      createDefaultStage: false,
    });
    this.accessLogs = new LogGroup(this, "AccessLogs", {
      retention: LOG_RETENTION,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // The stage's limits cap what a flood can push into the webhook function (rate × its
    // duration in concurrent runs); requests above them get 429 and no invocation.
    this.stage = new HttpStage(this, "DefaultStage", {
      httpApi: this.api,
      stageName: "$default",
      autoDeploy: true,
      throttle: props.throttle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: "$context.requestId",
            requestTime: "$context.requestTime",
            sourceIp: "$context.identity.sourceIp",
            userAgent: "$context.identity.userAgent",
            method: "$context.httpMethod",
            path: "$context.path",
            status: "$context.status",
            responseLength: "$context.responseLength",
            integrationStatus: "$context.integrationStatus",
            integrationLatency: "$context.integrationLatency",
            errorMessage: "$context.error.message",
          }),
        ),
      },
    });
    // GET answers verification handshakes (Meta's hub.challenge, X's CRC); POST carries events.
    const [route] = this.api.addRoutes({
      path: "/webhooks/{channel}",
      methods: [HttpMethod.ANY],
      integration: new HttpLambdaIntegration("Webhooks", props.webhooks),
    });
    if (route) {
      acknowledgeNag(
        route,
        "APIG4",
        "The platforms cannot carry AWS credentials or tokens; the webhook function verifies each platform's own signature and refuses unsigned requests (401/403) before anything changes.",
      );
    }
    // apiEndpoint is `https://<id>.execute-api.<region>.amazonaws.com`, the $default stage's URL.
    this.publicBaseUrl = this.api.apiEndpoint;
    // Plain output names (no construct hash), as `cdk deploy` prints them for the deployer.
    const output = (name: string, value: string, description: string) =>
      new CfnOutput(this, name, { value, description }).overrideLogicalId(name);
    output(
      "WebhookBaseUrl",
      this.publicBaseUrl,
      "Point each platform at <this>/webhooks/<channel>",
    );
    for (const [channel, where] of Object.entries(PLATFORM_WEBHOOKS)) {
      const name = `WebhookUrl${channel[0]?.toUpperCase()}${channel.slice(1)}`;
      output(name, `${this.publicBaseUrl}/webhooks/${channel}`, where);
    }
  }
}
