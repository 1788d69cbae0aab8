import { beforeAll, describe, expect, inject, it } from "vitest";
import { loadTranscribeConfig } from "../../config/transcribe-config.ts";
import { freshTable } from "../../test/support/dynamo-table.ts";
import { createTranscribeFunction } from "./transcribe-function.ts";

const INSTANCE_ARN =
  "arn:aws:connect:eu-west-2:111122223333:instance/11111111-2222-3333-4444-555555555555";
const context = {
  invokedFunctionArn: "arn:aws:lambda:eu-west-2:111122223333:function:transcribe",
  getRemainingTimeInMillis: () => 60_000,
};

function flowEvent(contactData: Record<string, unknown>) {
  return {
    Name: "ContactFlowEvent",
    Details: {
      ContactData: {
        Channel: "VOICE",
        ContactId: "voice-1",
        InstanceARN: INSTANCE_ARN,
        Attributes: {},
        ...contactData,
      },
      Parameters: { language: "en-US" },
    },
  };
}

let transcribe: ReturnType<typeof createTranscribeFunction>;
const warnings: string[] = [];

beforeAll(async () => {
  const table = await freshTable("transcribe");
  transcribe = createTranscribeFunction({
    config: loadTranscribeConfig({
      AWS_REGION: "eu-west-2",
      DEFLECT_TABLE_NAME: table.tableName,
      DEFLECT_DYNAMODB_ENDPOINT: inject("dynamoEndpoint"),
      // Nothing listens here: a launch that got this far would fail, and these cases must not.
      DEFLECT_LAMBDA_ENDPOINT: "http://127.0.0.1:9",
    }),
    logger: {
      info: () => {},
      warn: (m) => void warnings.push(m),
      error: (m) => void warnings.push(m),
    },
  });
});

describe("the transcript function's two roles", () => {
  it("answers the flow at once that there is no stream to follow when media streaming is off", async () => {
    expect(await transcribe(flowEvent({}), context)).toEqual({
      transcribing: "false",
      reason: "NO_MEDIA_STREAM",
    });
  });

  it("answers a malformed flow event with a reason code instead of an error", async () => {
    expect(await transcribe({ Details: { ContactData: { ContactId: "" } } }, context)).toEqual({
      transcribing: "false",
      reason: "BAD_EVENT",
    });
    expect(warnings).toContain("bad contact-flow event");
  });

  it("drops a job it cannot read, logging it, since an asynchronous retry could not fix it", async () => {
    expect(await transcribe({ stream: { contactId: "voice-1" } }, context)).toBeUndefined();
    expect(warnings).toContain("bad transcription event");
  });

  it("says the launch failed, and lets a retry try again, when the worker cannot be started", async () => {
    const audio = {
      Customer: {
        Audio: {
          StreamARN: "arn:aws:kinesisvideo:eu-west-2:111122223333:stream/x-contact-1/1",
          StartFragmentNumber: "91343852333181432392682062600000000000000000000",
          StartTimestamp: "1781078400000",
        },
      },
    };
    const event = flowEvent({ ContactId: "voice-2", MediaStreams: audio });
    expect(await transcribe(event, context)).toEqual({
      transcribing: "false",
      reason: "LAUNCH_FAILED",
    });
    expect(await transcribe(event, context)).toEqual({
      transcribing: "false",
      reason: "LAUNCH_FAILED",
    });
  });
});
