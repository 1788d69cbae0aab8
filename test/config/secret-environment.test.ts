import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { ENV } from "../../config/environment-names.ts";
import { environmentWithSecrets } from "../../config/secret-environment.ts";
import { loadWebhooksConfig } from "../../config/webhooks-config.ts";
import { InvalidConfigError } from "../../core/errors.ts";
import {
  type SecretsManagerEmulator,
  startSecretsManagerEmulator,
} from "../../emulators/secrets-manager/secrets-manager-emulator.ts";

const SECRET_VALUE = "s3cr3t-auth-token-value";

let emulator: SecretsManagerEmulator;

beforeAll(async () => {
  emulator = await startSecretsManagerEmulator();
});

afterAll(async () => {
  await emulator.close();
});

/** The environment of a function whose secret lives in the emulator. */
function envFor(arn: string, extra: Record<string, string> = {}) {
  return {
    [ENV.secretArn]: arn,
    [ENV.secretsManagerEndpoint]: emulator.url,
    [ENV.tableName]: "deflect",
    [ENV.brandName]: "Acme",
    ...extra,
  };
}

async function failureOf(promise: Promise<unknown>): Promise<InvalidConfigError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InvalidConfigError);
  return error as InvalidConfigError;
}

describe("environmentWithSecrets", () => {
  it("returns the environment unchanged, as a frozen copy, when no secret ARN is set", async () => {
    const env = { [ENV.tableName]: "deflect", [ENV.twilioAuthToken]: "plain" };
    const result = await environmentWithSecrets(env);
    expect(result).toEqual(env);
    expect(result).not.toBe(env);
    expect(Object.isFrozen(result)).toBe(true);
  });

  it("merges the secret's values over the environment, only for the names it holds", async () => {
    const arn = emulator.putSecret(
      "merge",
      JSON.stringify({ [ENV.twilioAuthToken]: SECRET_VALUE, [ENV.twilioAccountSid]: "AC123" }),
    );
    const env = envFor(arn, { [ENV.twilioAuthToken]: "from-plain-env" });
    const result = await environmentWithSecrets(env);
    expect(result[ENV.twilioAuthToken]).toBe(SECRET_VALUE);
    expect(result[ENV.twilioAccountSid]).toBe("AC123");
    expect(result[ENV.brandName]).toBe("Acme");
    expect(result[ENV.tableName]).toBe("deflect");
    expect(Object.isFrozen(result)).toBe(true);
  });

  it("feeds a loader: channel credentials held only in the secret turn the channel on", async () => {
    const arn = emulator.putSecret(
      "channels",
      JSON.stringify({
        [ENV.telegramBotToken]: "123:abc",
        [ENV.telegramWebhookSecret]: SECRET_VALUE,
      }),
    );
    const env = envFor(arn, { [ENV.webhookPublicBaseUrl]: "https://hooks.example.com" });
    const config = loadWebhooksConfig(await environmentWithSecrets(env));
    expect(config.telegram).toEqual({ botToken: "123:abc", webhookSecret: SECRET_VALUE });
  });

  it("uses a client it is given instead of building one", async () => {
    const arn = emulator.putSecret("given", JSON.stringify({ [ENV.brandName]: "From secret" }));
    const client = new SecretsManagerClient({
      region: "us-east-1",
      endpoint: emulator.url,
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    });
    const result = await environmentWithSecrets({ [ENV.secretArn]: arn }, { client });
    client.destroy();
    expect(result[ENV.brandName]).toBe("From secret");
  });

  it("rejects a key that is not a setting of the service, naming it", async () => {
    const arn = emulator.putSecret(
      "unknown-key",
      JSON.stringify({ [ENV.twilioAuthToken]: SECRET_VALUE, TWILIO_AUTH_TOKNE: SECRET_VALUE }),
    );
    const error = await failureOf(environmentWithSecrets(envFor(arn)));
    expect(error.message).toContain("TWILIO_AUTH_TOKNE");
    expect(error.message).not.toContain(SECRET_VALUE);
  });

  it("rejects a secret that names where secrets live", async () => {
    const arn = emulator.putSecret("self", JSON.stringify({ [ENV.secretArn]: "arn:other" }));
    const error = await failureOf(environmentWithSecrets(envFor(arn)));
    expect(error.message).toContain(ENV.secretArn);
  });

  it("reports a missing secret by its ARN and the variable that names it", async () => {
    const arn = "arn:aws:secretsmanager:us-east-1:000000000000:secret:nowhere-abcdef";
    const error = await failureOf(environmentWithSecrets(envFor(arn)));
    expect(error.code).toBe("INVALID_CONFIG");
    expect(error.message).toContain(arn);
    expect(error.message).toContain(ENV.secretArn);
    expect(error.message).toMatch(/does not exist/);
  });

  it("reports a secret that is not JSON without quoting it", async () => {
    const arn = emulator.putSecret("not-json", `${SECRET_VALUE} is not json`);
    const error = await failureOf(environmentWithSecrets(envFor(arn)));
    expect(error.message).toMatch(/not JSON/);
    expect(error.message).not.toContain(SECRET_VALUE);
    expect(JSON.stringify({ ...error, cause: String(error.cause) })).not.toContain(SECRET_VALUE);
  });

  it("rejects values that are not strings, naming the key and not the value", async () => {
    const arn = emulator.putSecret(
      "not-strings",
      JSON.stringify({ [ENV.twilioAuthToken]: { nested: SECRET_VALUE } }),
    );
    const error = await failureOf(environmentWithSecrets(envFor(arn)));
    expect(error.message).toContain(ENV.twilioAuthToken);
    expect(error.message).not.toContain(SECRET_VALUE);
    expect(JSON.stringify(error.details)).not.toContain(SECRET_VALUE);
  });

  it("rejects a JSON array in place of an object", async () => {
    const arn = emulator.putSecret("array", JSON.stringify([SECRET_VALUE]));
    const error = await failureOf(environmentWithSecrets(envFor(arn)));
    expect(error.message).toMatch(/JSON object of strings/);
    expect(error.message).not.toContain(SECRET_VALUE);
  });

  it("rejects an endpoint override that is not a URL, by name", async () => {
    const env = { [ENV.secretArn]: "arn:x", [ENV.secretsManagerEndpoint]: "not a url" };
    const error = await failureOf(environmentWithSecrets(env));
    expect(error.message).toContain(ENV.secretsManagerEndpoint);
  });
});

describe("processEnvironmentWithSecrets", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  async function freshModule() {
    vi.resetModules();
    return import("../../config/secret-environment.ts");
  }

  it("fetches once per process and shares the answer between loaders", async () => {
    const arn = emulator.putSecret("process", JSON.stringify({ [ENV.brandName]: "Shared" }));
    vi.stubEnv(ENV.secretArn, arn);
    vi.stubEnv(ENV.secretsManagerEndpoint, emulator.url);
    const { processEnvironmentWithSecrets } = await freshModule();
    const first = processEnvironmentWithSecrets();
    expect(processEnvironmentWithSecrets()).toBe(first);
    expect((await first)[ENV.brandName]).toBe("Shared");
  });

  it("forgets a failed fetch, so the next invocation tries again", async () => {
    vi.stubEnv(ENV.secretArn, "arn:aws:secretsmanager:us-east-1:000000000000:secret:late-x1y2z3");
    vi.stubEnv(ENV.secretsManagerEndpoint, emulator.url);
    const { processEnvironmentWithSecrets } = await freshModule();
    // A fresh module graph has its own error classes, so the code is what is compared.
    await expect(processEnvironmentWithSecrets()).rejects.toMatchObject({
      code: "INVALID_CONFIG",
    });
    const arn = emulator.putSecret("late", JSON.stringify({ [ENV.brandName]: "Later" }));
    vi.stubEnv(ENV.secretArn, arn);
    expect((await processEnvironmentWithSecrets())[ENV.brandName]).toBe("Later");
  });
});
