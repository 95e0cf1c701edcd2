// What `handoff --help` prints. Its own module, free of heavy imports, so help is instant.

/** The Discord command's usage line, also shown when `handoff discord` is misused. */
export const DISCORD_USAGE = `  handoff discord register    register the /incident slash command in DISCORD_GUILD_ID`;

export const USAGE = `Usage:
  handoff                     with Slack or Discord configured: serve them (and the owners'
                              pages) until SIGTERM; otherwise the terminal chat
  handoff serve               the server mode, explicitly
  handoff console [--directory FILE] [--script FILE|-] [--web]
      Terminal chat on the embedded database. With --script (or piped stdin) it runs
      the lines non-interactively and prints a transcript; --web serves the owners'
      pages meanwhile (an interactive chat always does).
  handoff db migrate          apply database migrations (also done at every start)
  handoff db diff <name>      write a new migration from changes to prisma/schema.prisma
  handoff export [file]       save all data (directory, incidents, timelines) as one JSON file
                              (default: handoff-export-<time>.json beside the scheduled backups,
                              in HANDOFF_DATA_DIR/backups or BACKUP_DIR)
  handoff import <file> [--replace]
                              restore an export into an empty database (--replace: wipe it first)
  handoff directory import <file.yaml>
                              store a directory file's organisations, people and sites
${DISCORD_USAGE}
  handoff --version           the version
  handoff help                this text

Environment (the README's Configuration section says what each one does):
  database     DATABASE_URL (PostgreSQL; default embedded PGlite in HANDOFF_DATA_DIR, default ./data),
               HANDOFF_DIRECTORY (default examples/directory.yaml)
  timers       ACK_REMIND, ACK_ESCALATE, UPDATE_EVERY, UPDATE_BACKOFF_MAX, REDIS_URL, REDIS_PREFIX,
               RECONCILE_EVERY, DELIVERY_LEASE, BACKUP_EVERY, BACKUP_DIR, BACKUP_KEEP
  web pages    PORT (default 3000), HOST (default every interface), PUBLIC_URL, OWNER_TOKEN,
               LINK_SECRET, WEB_ENABLED
  Slack        SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_APP_TOKEN (Socket Mode), SLACK_API_URL,
               SLACK_ACK_THREAD (on/off; default on), SLACK_WORK_NICENESS (0-19; default 10)
  Discord      DISCORD_TOKEN, DISCORD_APP_ID, DISCORD_GUILD_ID, DISCORD_INCIDENT_CHANNEL,
               DISCORD_MESSAGE_CONTENT, DISCORD_API_URL, DISCORD_GATEWAY (on/off; default on;
               off on every instance but one when several run)
  e-mail       SMTP_URL (unset: .eml files in HANDOFF_DATA_DIR/outbox-mail), MAIL_FROM,
               ANSWER_LINK_TTL (default 7d)
  logs         LOG_LEVEL`;
