import { CfnOutput } from "aws-cdk-lib";
import { HttpApi, HttpMethod } from "aws-cdk-lib/aws-apigatewayv2";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { Construct } from "constructs";

/** The public HTTP API the messenger platforms call: `ANY /webhooks/{channel}`. */
export class DeflectApi extends Construct {
  readonly api: HttpApi;
  /** The origin without a trailing slash; a route's URL is this + `/webhooks/<channel>`. */
  readonly publicBaseUrl: string;

  constructor(scope: Construct, id: string, props: { webhooks: IFunction }) {
    super(scope, id);
    this.api = new HttpApi(this, "Http", {
      description: "Messenger webhooks for connect-deflect",
      createDefaultStage: true,
    });
    // GET answers verification handshakes (Meta's hub.challenge, X's CRC); POST carries events.
    this.api.addRoutes({
      path: "/webhooks/{channel}",
      methods: [HttpMethod.ANY],
      integration: new HttpLambdaIntegration("Webhooks", props.webhooks),
    });
    // apiEndpoint is `https://<id>.execute-api.<region>.amazonaws.com`, the $default stage's URL.
    this.publicBaseUrl = this.api.apiEndpoint;
    new CfnOutput(this, "WebhookBaseUrl", {
      value: this.publicBaseUrl,
      description: "Point each platform at <this>/webhooks/<channel>",
    });
  }
}
