import { Stack } from "aws-cdk-lib";
import { PolicyStatement, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { Topic } from "aws-cdk-lib/aws-sns";
import { LambdaSubscription } from "aws-cdk-lib/aws-sns-subscriptions";
import { Construct } from "constructs";

/**
 * The SNS topic Connect streams resumed chats to; the relay subscribes to it. Rules from
 * protocols.md §3.4: a standard topic (FIFO is refused), in the instance's Region, whose
 * policy lets connect.amazonaws.com publish.
 */
export class ChatStreaming extends Construct {
  readonly topic: Topic;

  constructor(
    scope: Construct,
    id: string,
    props: { relay: IFunction; connectInstanceArn: string },
  ) {
    super(scope, id);
    // No KMS key: the AWS-managed SNS key cannot grant Connect's service principal its use.
    // enforceSSL denies any publish over plain HTTP; Connect publishes over TLS.
    this.topic = new Topic(this, "Topic", {
      displayName: "connect-deflect chat streaming",
      enforceSSL: true,
    });
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        sid: "ConnectChatStreaming",
        principals: [new ServicePrincipal("connect.amazonaws.com")],
        actions: ["sns:Publish"],
        resources: [this.topic.topicArn],
        // Confused-deputy guard: only this account's instance may publish [unverified: the
        // Connect streaming guide's example shows these two keys].
        conditions: {
          StringEquals: { "aws:SourceAccount": Stack.of(this).account },
          ArnEquals: { "aws:SourceArn": props.connectInstanceArn },
        },
      }),
    );
    this.topic.addSubscription(new LambdaSubscription(props.relay));
  }
}
