/**
 * The emulators as a package (`@connect-deflect/emulators`): each one starts on 127.0.0.1,
 * port 0 by default, and speaks its service's own wire protocol, so official clients work
 * against it with only the endpoint changed. See README.md.
 */
export { startLambdaHttpBridge } from "./api-gateway/lambda-http-bridge.ts";
export { type CliAddOn, runEmulatorsCli } from "./cli/run-cli.ts";
export { type ConnectEmulator, startConnectEmulator } from "./connect/connect-emulator.ts";
export type { InstanceSeed } from "./connect/model/instance-seed.ts";
export type { ServicesSeed } from "./connect/model/services-seed.ts";
export { startLocalDynamo } from "./dynamodb/local-dynamodb.ts";
export { startKinesisVideoEmulator } from "./kinesis-video/kinesis-video-emulator.ts";
export { type LineEmulator, startLineEmulator } from "./line/index.ts";
export { type MetaEmulator, startMetaEmulator } from "./meta/index.ts";
export { type PollyEmulator, startPollyEmulator } from "./polly/index.ts";
export { startSecretsManagerEmulator } from "./secrets-manager/secrets-manager-emulator.ts";
export { type SnsEmulator, startSnsEmulator } from "./sns/index.ts";
export { startTelegramEmulator, type TelegramEmulator } from "./telegram/index.ts";
export { startTranscribeEmulator } from "./transcribe/index.ts";
export { startTwilioEmulator, type TwilioEmulator } from "./twilio/index.ts";
export { startXEmulator, type XEmulator } from "./x/index.ts";
