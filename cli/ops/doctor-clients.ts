import { ConnectClient } from "@aws-sdk/client-connect";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { SNSClient } from "@aws-sdk/client-sns";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { createDocumentClients } from "../../adapters/dynamodb/document-client.ts";
import type { Endpoints, Installation } from "./doctor-target.ts";

/** The AWS clients the doctor reads the installation with. Destroy them when done. */
export interface DoctorClients {
  readonly connect: ConnectClient;
  readonly dynamo: DynamoDBClient;
  readonly documentClient: DynamoDBDocumentClient;
  readonly secrets: SecretsManagerClient;
  readonly sns: SNSClient;
  destroy(): void;
}

// An endpoint override means a local stand-in: it accepts any signature.
const LOCAL_CREDENTIALS = { accessKeyId: "local", secretAccessKey: "local" };

/**
 * Clients in the installation's region, each aimed at its stand-in when one is given. The
 * secret and the topic are read in the region their ARNs name: an ARN is only found there.
 */
export function createDoctorClients(target: Installation, endpoints: Endpoints): DoctorClients {
  const aim = (endpoint: string | undefined, region = target.region) => ({
    region,
    ...(endpoint ? { endpoint, credentials: LOCAL_CREDENTIALS } : {}),
  });
  // Most of Connect's read APIs allow 2 requests a second for the whole account: the
  // adaptive mode paces this client to what Connect lets through, with room to retry.
  const connect = new ConnectClient({
    ...aim(endpoints.connect),
    retryMode: "adaptive",
    maxAttempts: 8,
  });
  const { client: dynamo, documentClient } = createDocumentClients(aim(endpoints.dynamodb));
  const secrets = new SecretsManagerClient(
    aim(endpoints.secretsManager, regionOf(target.secretArn)),
  );
  const sns = new SNSClient(aim(endpoints.sns, regionOf(target.topicArn)));
  return {
    connect,
    dynamo,
    documentClient,
    secrets,
    sns,
    destroy() {
      for (const client of [connect, dynamo, secrets, sns]) client.destroy();
    },
  };
}

/** arn:partition:service:region:… */
export function regionOf(arn: string): string {
  return arn.split(":")[3] ?? "";
}
