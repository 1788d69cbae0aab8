import { GetTopicAttributesCommand, type SNSClient } from "@aws-sdk/client-sns";
import { type Finding, fix, ok, reasonOf } from "./doctor-report.ts";

const CONNECT = "connect.amazonaws.com";

interface Statement {
  readonly Effect?: unknown;
  readonly Principal?: unknown;
  readonly Action?: unknown;
  readonly Resource?: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
}

/**
 * Connect can stream chats to the topic (protocols.md §3.4): a standard topic in the
 * instance's Region whose policy lets connect.amazonaws.com publish for this instance.
 */
export async function checkTopic(
  sns: SNSClient,
  target: { topicArn: string; instanceArn: string; region: string },
): Promise<Finding> {
  const item = `topic ${target.topicArn.split(":").at(-1)}`;
  let attributes: Record<string, string>;
  try {
    const answer = await sns.send(new GetTopicAttributesCommand({ TopicArn: target.topicArn }));
    attributes = answer.Attributes ?? {};
  } catch (error) {
    const missing = (error as Error).name === "NotFoundException";
    return fix(
      item,
      missing ? "does not exist: deploy the stack" : `cannot be read: ${reasonOf(error)}`,
    );
  }
  if (attributes.FifoTopic === "true") {
    return fix(item, "is a FIFO topic, which Connect refuses: use a standard topic");
  }
  const topicRegion = target.topicArn.split(":")[3];
  if (topicRegion !== target.region) {
    return fix(
      item,
      `is in ${topicRegion}, the instance in ${target.region}: it must be in the instance's Region`,
    );
  }
  const refusal = connectRefusal(attributes.Policy, target);
  return refusal ? fix(item, refusal) : ok(item, "Connect may publish chats to it");
}

/** Why the policy keeps Connect out, or undefined when a statement lets it publish. */
function connectRefusal(
  policyText: string | undefined,
  target: { topicArn: string; instanceArn: string },
): string | undefined {
  let statements: Statement[];
  try {
    const policy = JSON.parse(policyText ?? "{}") as { Statement?: unknown };
    statements = [policy.Statement ?? []].flat() as Statement[];
  } catch {
    return "its policy is not JSON";
  }
  const forConnect = statements.filter(
    (s) =>
      s.Effect === "Allow" &&
      letsIn(s) &&
      list(s.Action).some((a) => /^(sns:(publish|\*)|\*)$/i.test(a)) &&
      list(s.Resource).some((r) => matches(r, target.topicArn)),
  );
  if (forConnect.length === 0) {
    return `its policy does not let ${CONNECT} publish (sns:Publish): add the statement infra/chat-streaming.ts adds`;
  }
  const account = target.instanceArn.split(":")[4] ?? "";
  const fits = forConnect.some((s) =>
    conditionsAllow(s.Condition ?? {}, target.instanceArn, account),
  );
  return fits
    ? undefined
    : `its policy lets ${CONNECT} publish only for another instance or account (aws:SourceArn / aws:SourceAccount): name ${target.instanceArn}`;
}

/**
 * Connect's service principal by name, or anyone without conditions: the default topic policy
 * (anyone, on condition of AWS:SourceOwner) does not let Connect publish.
 */
function letsIn(statement: Statement): boolean {
  const principal = statement.Principal as { Service?: unknown; AWS?: unknown } | "*" | undefined;
  if (principal !== "*" && list(principal?.Service).includes(CONNECT)) return true;
  const anyone = principal === "*" || list(principal?.AWS).includes("*");
  return anyone && Object.keys(statement.Condition ?? {}).length === 0;
}

/** The confused-deputy keys Connect sends; other condition keys are not judged here. */
function conditionsAllow(
  conditions: Record<string, Record<string, unknown>>,
  instanceArn: string,
  account: string,
): boolean {
  for (const [operator, keys] of Object.entries(conditions)) {
    for (const [key, value] of Object.entries(keys)) {
      const wanted = key.toLowerCase();
      const actual =
        wanted === "aws:sourcearn"
          ? instanceArn
          : wanted === "aws:sourceaccount"
            ? account
            : undefined;
      if (actual === undefined) continue;
      const like = /like$/i.test(operator);
      if (!list(value).some((v) => (like ? matches(v, actual) : v === actual))) return false;
    }
  }
  return true;
}

function list(value: unknown): string[] {
  return [value ?? []].flat().filter((v): v is string => typeof v === "string");
}

/** IAM wildcards: `*` any run, `?` one character. */
function matches(pattern: string, value: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replaceAll("*", ".*")
    .replaceAll("?", ".");
  return new RegExp(`^${source}$`).test(value);
}
