import {
  CreateTopicCommand,
  DeleteTopicCommand,
  GetTopicAttributesCommand,
  InvalidParameterException,
  NotFoundException,
  SetTopicAttributesCommand,
  SNSClient,
} from "@aws-sdk/client-sns";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SnsEmulator, startSnsEmulator } from "./index.ts";

let emulator: SnsEmulator;
let sns: SNSClient;

beforeAll(async () => {
  emulator = await startSnsEmulator({ region: "eu-west-2", accountId: "111122223333" });
  sns = new SNSClient({
    endpoint: emulator.url,
    region: "eu-west-2",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
});
afterAll(async () => {
  sns.destroy();
  await emulator.close();
});

const connectPolicy = (topicArn: string) =>
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "ConnectChatStreaming",
        Effect: "Allow",
        Principal: { Service: "connect.amazonaws.com" },
        Action: "sns:Publish",
        Resource: topicArn,
        Condition: { StringEquals: { "aws:SourceAccount": "111122223333" } },
      },
    ],
  });

describe("SNS emulator through @aws-sdk/client-sns (query protocol)", () => {
  it("creates a topic whose attributes carry its ARN, owner and the default policy", async () => {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: "chat-stream" }));
    expect(TopicArn).toBe("arn:aws:sns:eu-west-2:111122223333:chat-stream");
    const { Attributes } = await sns.send(new GetTopicAttributesCommand({ TopicArn }));
    expect(Attributes).toMatchObject({ TopicArn, Owner: "111122223333" });
    const policy = JSON.parse(Attributes?.Policy ?? "{}");
    expect(policy.Statement[0].Condition).toEqual({
      StringEquals: { "AWS:SourceOwner": "111122223333" },
    });
  });

  it("keeps a policy set at creation or later, quotes and ampersands intact", async () => {
    const arn = "arn:aws:sns:eu-west-2:111122223333:with-policy";
    const policy = connectPolicy(arn).replace("ConnectChatStreaming", "a&b<c>'d");
    const { TopicArn } = await sns.send(
      new CreateTopicCommand({ Name: "with-policy", Attributes: { Policy: policy } }),
    );
    const read = await sns.send(new GetTopicAttributesCommand({ TopicArn }));
    expect(read.Attributes?.Policy).toBe(policy);
    await sns.send(
      new SetTopicAttributesCommand({
        TopicArn,
        AttributeName: "Policy",
        AttributeValue: connectPolicy(arn),
      }),
    );
    const again = await sns.send(new GetTopicAttributesCommand({ TopicArn }));
    expect(JSON.parse(again.Attributes?.Policy ?? "").Statement[0].Principal).toEqual({
      Service: "connect.amazonaws.com",
    });
  });

  it("marks FIFO topics, and programmatic topics read back the same", async () => {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: "ordered.fifo" }));
    const fifo = await sns.send(new GetTopicAttributesCommand({ TopicArn }));
    expect(fifo.Attributes?.FifoTopic).toBe("true");
    const made = emulator.createTopic("made-here", { DisplayName: "Made here" });
    const read = await sns.send(new GetTopicAttributesCommand({ TopicArn: made }));
    expect(read.Attributes?.DisplayName).toBe("Made here");
  });

  it("answers NotFound for a missing or deleted topic, InvalidParameter for a bad policy", async () => {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: "short-lived" }));
    await sns.send(new DeleteTopicCommand({ TopicArn }));
    const read = sns.send(new GetTopicAttributesCommand({ TopicArn }));
    await expect(read).rejects.toBeInstanceOf(NotFoundException);
    await expect(read).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
    const { TopicArn: kept } = await sns.send(new CreateTopicCommand({ Name: "kept" }));
    const bad = sns.send(
      new SetTopicAttributesCommand({
        TopicArn: kept,
        AttributeName: "Policy",
        AttributeValue: "{",
      }),
    );
    await expect(bad).rejects.toBeInstanceOf(InvalidParameterException);
    const name = sns.send(new CreateTopicCommand({ Name: "no spaces" }));
    await expect(name).rejects.toBeInstanceOf(InvalidParameterException);
  });
});
