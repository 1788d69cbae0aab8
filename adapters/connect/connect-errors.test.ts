import { ConnectClient } from "@aws-sdk/client-connect";
import { ConnectParticipantClient } from "@aws-sdk/client-connectparticipant";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChatCapacityError, DependencyFailedError } from "../../core/errors.ts";
import {
  type ConnectEmulator,
  startConnectEmulator,
} from "../../emulators/connect/connect-emulator.ts";
import { testInstance } from "../../emulators/connect/test-support/clients.ts";
import { ConnectChatService } from "./connect-chat-service.ts";
import { mapError } from "./connect-errors.ts";

describe("mapError", () => {
  it("reads StartChatContact's LimitExceededException as no room for another chat", () => {
    const limit = Object.assign(new Error("limit"), { name: "LimitExceededException" });
    expect(mapError("StartChatContact", limit)).toBeInstanceOf(ChatCapacityError);
    const other = mapError("CreateParticipantConnection", limit);
    expect(other).toBeInstanceOf(DependencyFailedError);
    expect(other).not.toBeInstanceOf(ChatCapacityError);
  });
});

describe("an instance at its active-chat limit, through the official client", () => {
  let emulator: ConnectEmulator;
  beforeAll(async () => {
    emulator = await startConnectEmulator({ instance: testInstance, maxActiveChats: 1 });
  });
  afterAll(() => emulator.close());

  it("refuses the second chat with ChatCapacityError", async () => {
    const options = {
      endpoint: emulator.url,
      region: "eu-west-2",
      credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" },
      maxAttempts: 1,
    };
    const chats = new ConnectChatService({
      connect: new ConnectClient(options),
      participant: new ConnectParticipantClient(options),
    });
    const start = (n: number) =>
      chats.startChat({
        instanceId: testInstance.instanceId,
        contactFlowId: testInstance.flows[0]?.id ?? "",
        displayName: "Sam",
        attributes: {},
        clientToken: `chat-${n}`,
      });
    await start(1);
    await expect(start(2)).rejects.toBeInstanceOf(ChatCapacityError);
  });
});
