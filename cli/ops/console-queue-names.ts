import { ConnectClient, DescribeQueueCommand } from "@aws-sdk/client-connect";
import { UsageError } from "./usage-error.ts";

// As doctor-target.ts reads --instance: the ARN carries the region the instance lives in.
const INSTANCE_ARN = /^arn:aws[a-z-]*:connect:([a-z0-9-]+):(\d{12}):instance\/([0-9a-f-]{36})$/;
// An endpoint override means a local stand-in (the Connect emulator): it accepts any signature.
const LOCAL_CREDENTIALS = { accessKeyId: "local", secretAccessKey: "local" };

/** Queue names from the Connect instance, each asked once (DescribeQueue). Close when done. */
export interface ConnectQueueNames {
  nameOf(queueId: string): Promise<string | undefined>;
  close(): void;
}

/**
 * Names the console's queues as the Connect admin site does. Each name is looked up once and
 * kept: most of Connect's read APIs allow 2 requests a second per account, and names rarely
 * change. A queue the instance does not have, or whose name cannot be read, keeps its id.
 */
export function connectQueueNames(options: {
  instanceArn: string;
  endpoint?: string | undefined;
  /** Says why a name could not be read (the queue keeps its id meanwhile). */
  warn: (message: string) => void;
}): ConnectQueueNames {
  const instance = INSTANCE_ARN.exec(options.instanceArn);
  if (!instance) throw new UsageError("--instance: expected a Connect instance ARN");
  const [, region = "", , instanceId = ""] = instance;
  const connect = new ConnectClient({
    region,
    retryMode: "adaptive",
    maxAttempts: 8,
    ...(options.endpoint ? { endpoint: options.endpoint, credentials: LOCAL_CREDENTIALS } : {}),
  });
  const names = new Map<string, Promise<string | undefined>>();
  // The page re-reads every few seconds: say each distinct failure once, not every time.
  const warned = new Set<string>();
  const describe = async (queueId: string) => {
    try {
      const { Queue } = await connect.send(
        new DescribeQueueCommand({ InstanceId: instanceId, QueueId: queueId }),
      );
      return Queue?.Name;
    } catch (error) {
      if ((error as Error).name === "ResourceNotFoundException") return undefined;
      // A name is a nicety: the funnel and policy still show, and the next read asks again.
      names.delete(queueId);
      const message = `cannot read queue names from Connect: ${(error as Error).message}`;
      if (!warned.has(message)) options.warn(message);
      warned.add(message);
      return undefined;
    }
  };
  return {
    nameOf(queueId) {
      const known = names.get(queueId) ?? describe(queueId);
      names.set(queueId, known);
      return known;
    },
    close: () => connect.destroy(),
  };
}
