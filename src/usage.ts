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

Environment: DATABASE_URL (PostgreSQL; default embedded PGlite in HANDOFF_DATA_DIR, default ./data),
HANDOFF_DIRECTORY (default examples/directory.yaml), ACK_REMIND, ACK_ESCALATE, UPDATE_EVERY,
UPDATE_BACKOFF_MAX, LOG_LEVEL, PORT (owners' pages, default 3000), HOST (default every interface),
OWNER_TOKEN, WEB_ENABLED.`;
