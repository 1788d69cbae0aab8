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
  /** The deflect function answers the flow within this many milliseconds (default 3000). */
  deflectBudgetMs: "DEFLECT_BUDGET_MS",
  /** GetCurrentMetricData calls per second this deployment may make (account limit: 5). */
  metricsRatePerSecond: "DEFLECT_METRICS_RATE_PER_SECOND",
  contactMetricsRatePerSecond: "DEFLECT_CONTACT_METRICS_RATE_PER_SECOND",
  metricsRefreshMs: "DEFLECT_METRICS_REFRESH_MS",
  /** Used to estimate a wait when Connect reports no ESTIMATED_WAIT_TIME. */
  averageHandleSeconds: "DEFLECT_AVERAGE_HANDLE_SECONDS",
  /** ISO country for caller numbers without a + prefix, e.g. GB. */
  defaultCountry: "DEFLECT_DEFAULT_COUNTRY",
  brandName: "DEFLECT_BRAND_NAME",
  /** The approved WhatsApp template (Twilio ContentSid) for the first message. */
  whatsAppTemplateSid: "DEFLECT_WHATSAPP_TEMPLATE_SID",
  /** The public origin the platforms call (e.g. https://hooks.example.com); signatures cover it. */
  webhookPublicBaseUrl: "DEFLECT_WEBHOOK_PUBLIC_BASE_URL",
  /** How long a provider message id is remembered for dedupe, in seconds (at least a week for messages). */
  webhookDedupeTtlSeconds: "DEFLECT_WEBHOOK_DEDUPE_TTL_SECONDS",
  twilioAccountSid: "TWILIO_ACCOUNT_SID",
  twilioAuthToken: "TWILIO_AUTH_TOKEN",
  twilioSmsFrom: "TWILIO_SMS_FROM",
  twilioWhatsAppFrom: "TWILIO_WHATSAPP_FROM",
  twilioMessagingServiceSid: "TWILIO_MESSAGING_SERVICE_SID",
  /** Overrides https://api.twilio.com (the local emulator); unset in AWS. */
  twilioApiOrigin: "TWILIO_API_ORIGIN",
  /** "platform" when Twilio's own opt-out handling answers SMS keywords (its default). */
  twilioSmsKeywordReplies: "TWILIO_SMS_KEYWORD_REPLIES",
  metaAppSecret: "META_APP_SECRET",
  metaVerifyToken: "META_VERIFY_TOKEN",
  metaPageAccessToken: "META_PAGE_ACCESS_TOKEN",
  metaGraphOrigin: "META_GRAPH_ORIGIN",
  metaGraphVersion: "META_GRAPH_VERSION",
  xConsumerKey: "X_CONSUMER_KEY",
  xConsumerSecret: "X_CONSUMER_SECRET",
  xAccessToken: "X_ACCESS_TOKEN",
  xAccessSecret: "X_ACCESS_SECRET",
  xApiOrigin: "X_API_ORIGIN",
  telegramBotToken: "TELEGRAM_BOT_TOKEN",
  telegramWebhookSecret: "TELEGRAM_WEBHOOK_SECRET",
  telegramApiOrigin: "TELEGRAM_API_ORIGIN",
  lineChannelSecret: "LINE_CHANNEL_SECRET",
  lineChannelAccessToken: "LINE_CHANNEL_ACCESS_TOKEN",
  lineApiOrigin: "LINE_API_ORIGIN",
  /** How long a relayed chat item stays locked when its worker dies mid-send, in seconds. */
  relayClaimLeaseSeconds: "DEFLECT_RELAY_CLAIM_LEASE_SECONDS",
  /** The message a customer gets when the agent's chat ends. */
  relayClosingText: "DEFLECT_RELAY_CLOSING_TEXT",
  /** Sent once to a customer whose chat cannot open yet (Connect's active-chat limit). */
  resumeWaitingLineText: "DEFLECT_RESUME_WAITING_LINE_TEXT",
  /**
   * The account's Connect quotas the functions pace themselves to, as JSON
   * (`{"SendMessage+SendEvent": {"ratePerSecond": 10, "burst": 13}}`); unnamed APIs keep
   * the defaults of config/connect-quotas.ts.
   */
  connectQuotas: "DEFLECT_CONNECT_QUOTAS",
  /**
   * How long after it was posted an agent message is held before the relay sends it from its
   * notification (no transcript read), in ms: one chat's notifications may arrive this far
   * out of order.
   */
  relayOrderSettleMs: "DEFLECT_RELAY_ORDER_SETTLE_MS",
  /** A notification older than this (ms) is sent in transcript order instead. */
  relayNotificationFreshMs: "DEFLECT_RELAY_NOTIFICATION_FRESH_MS",
  /** The approved WhatsApp template (ContentSid) for an agent reply outside the 24 h window. */
  relayWhatsAppTemplateSid: "DEFLECT_RELAY_WHATSAPP_TEMPLATE_SID",
  /** Port of the relay's local SNS HTTP subscriber (0: any free port). */
  relaySubscriberPort: "DEFLECT_RELAY_SUBSCRIBER_PORT",
  /** "loopback" confirms SNS subscriptions served from this machine; "record" only keeps them. */
  relayConfirmSubscriptions: "DEFLECT_RELAY_CONFIRM_SUBSCRIPTIONS",
  /** The Connect instance resume opens chats in when a session does not name one. */
  resumeInstanceId: "DEFLECT_RESUME_INSTANCE_ID",
  /** The deflected-chat flow a resumed chat runs (its ContactFlowId). */
  resumeContactFlowId: "DEFLECT_RESUME_CONTACT_FLOW_ID",
  /** The standard SNS topic a resumed chat streams to; the relay subscribes to it. */
  resumeRelayTopicArn: "DEFLECT_RESUME_RELAY_TOPIC_ARN",
  /** 32 bytes, base64: seals the chat participant's tokens at rest (AES-256-GCM). */
  resumeTokenKey: "DEFLECT_RESUME_TOKEN_KEY",
  /**
   * A JSON array of regular expressions removed besides card numbers and national ids: from
   * transcript segments before they are stored, from the call context, and from customer
   * messages when DEFLECT_RESUME_REDACT_CUSTOMER_MESSAGES names patterns.
   */
  redactPatterns: "DEFLECT_REDACT_PATTERNS",
  /**
   * What is removed from the customer's own messages before they reach the chat: a
   * comma-separated list of card-numbers, national-ids and patterns (those of
   * DEFLECT_REDACT_PATTERNS), or none. Default card-numbers: under PCI DSS card
   * numbers do not belong in chat transcripts.
   */
  resumeRedactCustomerMessages: "DEFLECT_RESUME_REDACT_CUSTOMER_MESSAGES",
  /** The customer's name in the chat when the channel gives none. */
  resumeDisplayName: "DEFLECT_RESUME_DISPLAY_NAME",
  /** A Secrets Manager secret whose JSON object, keyed by these names, overrides the environment. */
  secretArn: "DEFLECT_SECRET_ARN",
  /** Overrides the Secrets Manager endpoint (the local emulator); unset in AWS. */
  secretsManagerEndpoint: "DEFLECT_SECRETS_MANAGER_ENDPOINT",
  /** Overrides the Lambda endpoint (the local emulator); unset in AWS. */
  lambdaEndpoint: "DEFLECT_LAMBDA_ENDPOINT",
  /** Overrides the Kinesis Video Streams endpoint (the local emulator); unset in AWS. */
  kinesisVideoEndpoint: "DEFLECT_KINESIS_VIDEO_ENDPOINT",
  /** Overrides the Transcribe streaming endpoint (the local emulator); unset in AWS. */
  transcribeEndpoint: "DEFLECT_TRANSCRIBE_ENDPOINT",
  /** The longest a worker listens to one call, in seconds (default 300). */
  transcriptCapSeconds: "DEFLECT_TRANSCRIPT_CAP_SECONDS",
  /**
   * Where the call's words come from: "transcribe" (default: the worker, Kinesis Video and
   * Amazon Transcribe), "contact-lens" (Contact Lens real-time analysis), or "none".
   */
  transcriptSource: "DEFLECT_TRANSCRIPT_SOURCE",
  /**
   * "streaming" (default): chats stream to the relay's SNS topic. "websocket": resume lists each
   * chat for the websocket relay process (relay/websocket/main.ts) instead.
   */
  relayMode: "DEFLECT_RELAY_MODE",
} as const;

export type EnvName = (typeof ENV)[keyof typeof ENV];
