import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type SecretsManagerEmulator,
  startSecretsManagerEmulator,
} from "./secrets-manager-emulator.ts";

let emulator: SecretsManagerEmulator;
let client: SecretsManagerClient;

beforeAll(async () => {
  emulator = await startSecretsManagerEmulator();
  client = new SecretsManagerClient({
    region: "us-east-1",
    endpoint: emulator.url,
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 1,
  });
});

afterAll(async () => {
  client.destroy();
  await emulator.close();
});

describe("Secrets Manager emulator, driven by the official client", () => {
  it("returns a stored secret by its ARN with the ARN, name and a version id", async () => {
    const arn = emulator.putSecret("deflect/channels", '{"TWILIO_AUTH_TOKEN":"t0k"}');
    const answer = await client.send(new GetSecretValueCommand({ SecretId: arn }));
    expect(answer.ARN).toBe(arn);
    expect(answer.Name).toBe("deflect/channels");
    expect(answer.SecretString).toBe('{"TWILIO_AUTH_TOKEN":"t0k"}');
    expect(answer.VersionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(arn).toMatch(/^arn:aws:secretsmanager:us-east-1:\d{12}:secret:deflect\/channels-\w{6}$/);
  });

  it("returns a stored secret by its name too", async () => {
    emulator.putSecret("by-name", "plain text");
    const answer = await client.send(new GetSecretValueCommand({ SecretId: "by-name" }));
    expect(answer.SecretString).toBe("plain text");
  });

  it("answers an unknown secret with the client's ResourceNotFoundException", async () => {
    const error = await client
      .send(new GetSecretValueCommand({ SecretId: "arn:aws:secretsmanager:x" }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect((error as ResourceNotFoundException).$metadata.httpStatusCode).toBe(400);
    expect((error as Error).message).toMatch(/can't find the specified secret/);
  });

  it("refuses an operation it does not serve, by name", async () => {
    const response = await fetch(emulator.url, {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": "secretsmanager.ListSecrets",
      },
      body: "{}",
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ __type: "UnknownOperationException" });
  });
});
