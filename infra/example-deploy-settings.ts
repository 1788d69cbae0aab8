import { parseDeploySettings } from "./deploy-settings.ts";

/** A made-up installation for tests and docs; its ids exist nowhere. */
export const EXAMPLE_INSTANCE_ARN =
  "arn:aws:connect:eu-west-2:111122223333:instance/11111111-2222-3333-4444-555555555555";

export const EXAMPLE_QUEUE_ID = "66666666-7777-8888-9999-000000000000";

/** The example instance's live media streaming prefix. */
export const EXAMPLE_MEDIA_STREAM_PREFIX = "example-deflect";

export const exampleDeploySettings = parseDeploySettings({
  connectInstanceArn: EXAMPLE_INSTANCE_ARN,
  queues: { Support: EXAMPLE_QUEUE_ID },
  workingQueue: "Support",
  channelSecretArn: "arn:aws:secretsmanager:eu-west-2:111122223333:secret:deflect-channels-AbCdEf",
  mediaStreamPrefix: EXAMPLE_MEDIA_STREAM_PREFIX,
  settings: { DEFLECT_BRAND_NAME: "Example Co" },
});
