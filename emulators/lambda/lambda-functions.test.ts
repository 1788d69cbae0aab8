import { InvokeCommand } from "@aws-sdk/client-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ConnectEmulator, startConnectEmulator } from "../connect/connect-emulator.ts";
import { sdkClients } from "../connect/test-support/clients.ts";

let emulator: ConnectEmulator;
let clients: ReturnType<typeof sdkClients>;
const decode = (payload: Uint8Array | undefined) =>
  JSON.parse(Buffer.from(payload ?? []).toString("utf8"));
const encode = (value: unknown) => Buffer.from(JSON.stringify(value));

beforeAll(async () => {
  emulator = await startConnectEmulator();
  clients = sdkClients(emulator.url);
});
afterAll(() => emulator.close());

describe("Lambda Invoke endpoint", () => {
  it("runs a handler registered by name when invoked by full ARN", async () => {
    emulator.registerFunction("deflect-check", (event) => ({
      offer: "true",
      echo: (event as { Name: string }).Name,
    }));
    const out = await clients.lambda.send(
      new InvokeCommand({
        FunctionName: "arn:aws:lambda:eu-west-2:111122223333:function:deflect-check",
        Payload: encode({ Name: "ContactFlowEvent" }),
      }),
    );
    expect(out.StatusCode).toBe(200);
    expect(out.FunctionError).toBeUndefined();
    expect(decode(out.Payload)).toEqual({ offer: "true", echo: "ContactFlowEvent" });
  });

  it("reports a thrown error as FunctionError Unhandled with the error payload", async () => {
    emulator.registerFunction("arn:aws:lambda:eu-west-2:111122223333:function:broken", () => {
      throw new TypeError("boom");
    });
    const out = await clients.lambda.send(
      new InvokeCommand({ FunctionName: "broken", Payload: encode({}) }),
    );
    expect(out.FunctionError).toBe("Unhandled");
    expect(decode(out.Payload)).toMatchObject({ errorType: "TypeError", errorMessage: "boom" });
  });

  it("times out a handler that runs past its limit", async () => {
    emulator.registerFunction("slow", () => new Promise((resolve) => setTimeout(resolve, 2000)), {
      timeoutSeconds: 0.05,
    });
    const out = await clients.lambda.send(new InvokeCommand({ FunctionName: "slow" }));
    expect(decode(out.Payload)).toMatchObject({ errorType: "Sandbox.Timedout" });
  });

  it("answers an unknown function with ResourceNotFoundException and accepts async invokes", async () => {
    await expect(
      clients.lambda.send(new InvokeCommand({ FunctionName: "missing" })),
    ).rejects.toMatchObject({
      name: "ResourceNotFoundException",
      $metadata: { httpStatusCode: 404 },
    });
    const out = await clients.lambda.send(
      new InvokeCommand({ FunctionName: "deflect-check", InvocationType: "Event" }),
    );
    expect(out.StatusCode).toBe(202);
  });

  it("returns TooManyRequestsException when throttled and the SDK retries it", async () => {
    emulator.control.resetCallCounts();
    emulator.control.setFault("Invoke", { throttleTimes: 1 });
    const out = await clients.lambda.send(
      new InvokeCommand({ FunctionName: "deflect-check", Payload: encode({}) }),
    );
    expect(out.StatusCode).toBe(200);
    expect(emulator.control.callCounts().Invoke).toBe(2);
  });
});
