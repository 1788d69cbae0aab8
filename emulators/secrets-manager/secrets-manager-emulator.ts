import { randomBytes, randomUUID } from "node:crypto";
import * as z from "zod";
import { parseJson } from "../shared-http/body-parsers.ts";
import { type EmulatorServer, startEmulatorServer } from "../shared-http/http-server.ts";
import {
  type EmulatorRequest,
  type EmulatorResponse,
  headerValue,
  jsonResponse,
} from "../shared-http/http-types.ts";
import { Router } from "../shared-http/router.ts";

/** A stored secret as GetSecretValue returns it. */
interface StoredSecret {
  readonly arn: string;
  readonly name: string;
  readonly secretString: string;
  readonly versionId: string;
}

export interface SecretsManagerEmulator {
  /** Origin for the client's `endpoint`, e.g. `http://127.0.0.1:43121`. */
  readonly url: string;
  /** Stores (or replaces) a secret and returns its ARN. */
  putSecret(name: string, secretString: string): string;
  close(): Promise<void>;
}

const REGION = "us-east-1";
const ACCOUNT = "000000000000";
const TARGET_PREFIX = "secretsmanager.";
// The JSON 1.1 protocol: every call is POST / with its operation in X-Amz-Target.
const CONTENT_TYPE = "application/x-amz-json-1.1";

const GetSecretValueInput = z.object({ SecretId: z.string().min(1).max(2048) });

/** Starts a Secrets Manager stand-in on 127.0.0.1 that serves GetSecretValue only. */
export async function startSecretsManagerEmulator(
  options: { port?: number } = {},
): Promise<SecretsManagerEmulator> {
  const byName = new Map<string, StoredSecret>();
  const find = (secretId: string) =>
    byName.get(secretId) ?? [...byName.values()].find((secret) => secret.arn === secretId);
  const router = new Router({
    notFound: () => awsError(404, "UnknownOperationException", "Not Found"),
  }).add("POST", "/", (request) => dispatch(request, find));
  const server: EmulatorServer = await startEmulatorServer({
    router,
    ...(options.port !== undefined ? { port: options.port } : {}),
  });
  return {
    url: server.url,
    putSecret(name, secretString) {
      // A real ARN ends in a dash and six random characters after the name.
      const suffix = randomBytes(3).toString("hex");
      const arn = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${name}-${suffix}`;
      byName.set(name, { arn, name, secretString, versionId: randomUUID() });
      return arn;
    },
    close: () => server.close(),
  };
}

function dispatch(
  request: EmulatorRequest,
  find: (secretId: string) => StoredSecret | undefined,
): EmulatorResponse {
  const target = headerValue(request.headers, "x-amz-target") ?? "";
  if (target !== `${TARGET_PREFIX}GetSecretValue`) {
    return awsError(400, "UnknownOperationException", `unsupported operation ${target}`);
  }
  const body = parseJson(request.rawBody.toString("utf8"));
  const input = body.ok ? GetSecretValueInput.safeParse(body.value) : undefined;
  if (!input?.success) {
    return awsError(400, "ValidationException", "SecretId is required");
  }
  const secret = find(input.data.SecretId);
  if (!secret) {
    return awsError(
      400,
      "ResourceNotFoundException",
      "Secrets Manager can't find the specified secret.",
    );
  }
  return jsonResponse(
    200,
    {
      ARN: secret.arn,
      Name: secret.name,
      SecretString: secret.secretString,
      VersionId: secret.versionId,
      VersionStages: ["AWSCURRENT"],
      CreatedDate: Date.now() / 1000,
    },
    { "content-type": CONTENT_TYPE },
  );
}

function awsError(status: number, type: string, message: string): EmulatorResponse {
  return jsonResponse(status, { __type: type, message }, { "content-type": CONTENT_TYPE });
}
