import { PolicyStatement } from "aws-cdk-lib/aws-iam";

/** partition, region and account of an ARN (arn:partition:service:region:account:…). */
function arnParts(arn: string): { partition: string; region: string; account: string } {
  const [, partition = "", , region = "", account = ""] = arn.split(":");
  return { partition, region, account };
}

/**
 * The Kinesis Video streams Connect writes this instance's calls to: named
 * `<prefix>-contact-<id>` in the instance's account and Region; the ARN ends in the stream's
 * creation time. https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonkinesisvideostreams.html
 */
export function mediaStreamsArn(connectInstanceArn: string, mediaStreamPrefix: string): string {
  const { partition, region, account } = arnParts(connectInstanceArn);
  return `arn:${partition}:kinesisvideo:${region}:${account}:stream/${mediaStreamPrefix}-contact-*/*`;
}

/** What the transcript worker calls besides the table: the caller's audio, then Transcribe. */
export function transcriptWorkerStatements(options: {
  connectInstanceArn: string;
  mediaStreamPrefix: string;
}): PolicyStatement[] {
  return [
    new PolicyStatement({
      actions: ["kinesisvideo:GetDataEndpoint", "kinesisvideo:GetMedia"],
      resources: [mediaStreamsArn(options.connectInstanceArn, options.mediaStreamPrefix)],
    }),
    // StartStreamTranscription has no resource type, so only "*" can name it:
    // https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazontranscribe.html
    new PolicyStatement({ actions: ["transcribe:StartStreamTranscription"], resources: ["*"] }),
  ];
}

/**
 * Contact Lens real-time segments for a voice contact (ListRealtimeContactAnalysisSegments is an
 * Amazon Connect action on the instance's contacts:
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonconnect.html).
 */
export function contactLensStatement(connectInstanceArn: string): PolicyStatement {
  return new PolicyStatement({
    actions: ["connect:ListRealtimeContactAnalysisSegments"],
    resources: [connectInstanceArn, `${connectInstanceArn}/*`],
  });
}
