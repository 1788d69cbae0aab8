import { LambdaFunctions, type LambdaHandler } from "../lambda/lambda-functions.ts";
import { type Clock, RealClock } from "../shared-http/clock.ts";
import { attachmentRoutes } from "./api/attachment-api.ts";
import { chatContactRoutes } from "./api/chat-contact-api.ts";
import { contactRoutes } from "./api/contact-api.ts";
import { contactFlowRoutes } from "./api/contact-flow-api.ts";
import { contactLensRoutes } from "./api/contact-lens-api.ts";
import { createParticipantRoutes } from "./api/create-participant-api.ts";
import { currentMetricsRoutes } from "./api/current-metrics-api.ts";
import { lambdaAssociationRoutes } from "./api/lambda-association-api.ts";
import { metricDataV2Routes } from "./api/metric-data-v2-api.ts";
import { participantRoutes } from "./api/participant-api.ts";
import { RealtimeAnalysis } from "./contact-lens/realtime-analysis.ts";
import type { SpeechRecognition } from "./contact-lens/speech-recognition.ts";
import { EmulatorState } from "./emulator-state.ts";
import { FaultInjector } from "./faults/fault-injector.ts";
import { FlowSessions } from "./flow-host/flow-sessions.ts";
import { startApiServer } from "./http/http-server.ts";
import { Router } from "./http/router.ts";
import { EmulatorControl } from "./inspection/emulator-control.ts";
import { emulatorRoutes } from "./inspection/emulator-routes.ts";
import { MediaStreaming, type MediaStreamingOptions } from "./media/media-streaming.ts";
import type { InstanceRuntime } from "./model/instance-runtime.ts";
import { type InstanceSeed, instanceSeedSchema } from "./model/instance-seed.ts";
import { seededRandom } from "./model/random.ts";
import { ApiQuotaGate, type ApiQuotas, CONNECT_DEFAULT_QUOTAS } from "./quotas/api-quotas.ts";
import { ParticipantWebsocket } from "./websocket/participant-websocket.ts";

export interface ConnectEmulatorOptions {
  /** The instance to create at start (more can be added with addInstance). */
  readonly instance?: InstanceSeed;
  /** A ManualClock makes the queue model deterministic; the wall clock by default. */
  readonly clock?: Clock;
  /** Seed for handle-time samples and fault rates. */
  readonly seed?: number;
  readonly port?: number;
  /** Concurrent active chats per instance (Connect's default quota is 100). */
  readonly maxActiveChats?: number;
  /**
   * Request-rate quotas: Connect's defaults for a new account unless given; `"off"` for an
   * account whose quotas are raised beyond what a run reaches.
   */
  readonly quotas?: ApiQuotas | "off";
  /** Live media streaming: voice contacts' audio goes to these Kinesis video streams. */
  readonly media?: MediaStreamingOptions;
  /**
   * Hears callers for Contact Lens real-time analysis (their words come from `media.voice`);
   * without it, analysed contacts have no segments.
   */
  readonly speech?: SpeechRecognition;
}

export interface ConnectEmulator {
  /** One origin for the Connect, Participant and Lambda APIs and the participant websocket. */
  readonly url: string;
  readonly instance: InstanceRuntime;
  readonly control: EmulatorControl;
  readonly clock: Clock;
  addInstance(seed: InstanceSeed): InstanceRuntime;
  registerFunction(
    nameOrArn: string,
    handler: LambdaHandler,
    options?: { timeoutSeconds?: number },
  ): string;
  readonly lambda: LambdaFunctions;
  readonly state: EmulatorState;
  /** Flow runs per contact: what callers heard and the path of actions. */
  readonly flows: FlowSessions;
  close(): Promise<void>;
}

/** Starts the Connect emulator on 127.0.0.1 (port 0 by default). */
export async function startConnectEmulator(
  options: ConnectEmulatorOptions = {},
): Promise<ConnectEmulator> {
  const clock = options.clock ?? new RealClock();
  const random = seededRandom(options.seed ?? 1);
  let url = "http://127.0.0.1";
  const state = new EmulatorState({ clock, random, baseUrl: () => url });
  const seed = instanceSeedSchema.parse(options.instance ?? {});
  const lambda = new LambdaFunctions({ region: seed.region, accountId: seed.accountId });
  const analysis = new RealtimeAnalysis({
    clock,
    ...(options.speech ? { speech: options.speech } : {}),
  });
  const media = options.media
    ? new MediaStreaming({ ...options.media, clock, callerAudio: analysis })
    : undefined;
  const flows = new FlowSessions({ state, lambda, clock, ...(media ? { media } : {}) });
  // Every instance runs flow content in the interpreter; flows without content route directly.
  const addInstance = (instanceSeed: InstanceSeed) => {
    const runtime = state.addInstance(instanceSeed);
    runtime.flowRunner = flows;
    runtime.model.listen(flows);
    if (media) runtime.model.listen(media);
    runtime.model.listen(analysis);
    flows.validate(runtime);
    return runtime;
  };
  const instance = addInstance(seed);
  const faults = new FaultInjector({ seed: options.seed ?? 1 });
  const quotas = new ApiQuotaGate(
    options.quotas === "off" ? undefined : (options.quotas ?? CONNECT_DEFAULT_QUOTAS),
  );
  const websocket = new ParticipantWebsocket(state);
  const control = new EmulatorControl({ state, faults, quotas, websocket, flows });
  const router = new Router();
  router.addAll([
    ...currentMetricsRoutes(state),
    ...metricDataV2Routes(state),
    ...chatContactRoutes(state, { maxActiveChats: options.maxActiveChats ?? 100 }),
    ...contactRoutes(state),
    ...contactFlowRoutes(state),
    ...lambdaAssociationRoutes(state),
    ...contactLensRoutes(state, analysis),
    ...participantRoutes(state),
    ...createParticipantRoutes(state),
    ...attachmentRoutes(state),
    ...lambda.routes(),
    ...emulatorRoutes(control, () => state.streaming.publicKeyPem()),
  ]);
  const server = await startApiServer({
    router,
    faults,
    quotas,
    onCall: (operation) => state.recordCall(operation),
    ...(options.port !== undefined ? { port: options.port } : {}),
  });
  url = server.url;
  websocket.attach(server.server);
  return {
    url,
    instance,
    control,
    clock,
    state,
    lambda,
    flows,
    addInstance,
    registerFunction: (nameOrArn, handler, fnOptions) =>
      lambda.register(nameOrArn, handler, fnOptions),
    close: async () => {
      websocket.close();
      await media?.close();
      if (clock instanceof RealClock) clock.clearAll();
      await server.close();
    },
  };
}
