// What the Discord adapter needs; src/config.ts builds it from the environment.

export interface DiscordAdapterConfig {
  /** Bot token (Developer Portal → Bot). Never logged. */
  token: string;
  appId: string;
  guildId: string;
  /** The text channel in which each incident gets its own thread. */
  incidentChannelId: string;
  /** REST base, e.g. https://discord.com/api; the gateway URL comes from its GET /gateway/bot. */
  apiUrl: string;
  /** The privileged Message Content intent is enabled: room messages feed the blame guard. */
  messageContent: boolean;
  /**
   * A 429 asking to wait longer than this (default 10 s) fails the delivery, and the outbox
   * tries again after Discord's Retry-After; a shorter one is waited out in place.
   */
  rateLimitWaitMaxMs?: number;
  /**
   * False (DISCORD_GATEWAY=off): this instance holds no gateway session and sends over REST
   * only; another instance of the same bot holds the gateway and so gets the commands,
   * presses and room messages (Discord sends each event to every session a bot has open).
   */
  gateway?: boolean;
}
