/**
 * The names of every environment variable the functions read. infra/ sets them from this
 * same module, so the stack and the code cannot drift apart. Only config/ reads them.
 */
export const ENV = {
  awsRegion: "AWS_REGION",
  tableName: "DEFLECT_TABLE_NAME",
  /** Overrides the DynamoDB endpoint (dynalite locally); unset in AWS. */
  dynamoEndpoint: "DEFLECT_DYNAMODB_ENDPOINT",
  /** Overrides the Amazon Connect endpoints (the local emulator); unset in AWS. */
  connectEndpoint: "DEFLECT_CONNECT_ENDPOINT",
  connectParticipantEndpoint: "DEFLECT_CONNECT_PARTICIPANT_ENDPOINT",
  logLevel: "POWERTOOLS_LOG_LEVEL",
} as const;

export type EnvName = (typeof ENV)[keyof typeof ENV];
