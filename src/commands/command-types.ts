// The command objects every platform produces (design.md §3). A platform either parses
// chat text (parse.ts) or hands typed options to validateCommand; both end here.

/**
 * Who a command points at, as the user wrote it. `person` is a directory id that a platform
 * already looked up (e.g. from a Discord user option); the others are resolved by mentions.ts.
 */
export type MentionRef =
  | { kind: 'name'; name: string }
  | { kind: 'slack'; id: string }
  | { kind: 'discord'; id: string }
  | { kind: 'person'; id: string };

export type Command = { incident?: number } & (
  | { name: 'open'; site: string; severity: 'sev1' | 'sev2' | 'sev3'; text: string }
  | { name: 'status' }
  | { name: 'step.add'; title: string; owner?: MentionRef }
  | { name: 'step.done'; step: number }
  | { name: 'handoff'; step: number; to: MentionRef; note: string }
  | { name: 'accept'; handoff: number }
  | { name: 'decline'; handoff: number; reason: string }
  | { name: 'update'; text: string }
  | { name: 'resolve'; summary: string }
  | { name: 'reopen'; reason: string }
  | { name: 'summary' }
  | { name: 'severity'; severity: 'sev1' | 'sev2' | 'sev3' }
  | { name: 'mine' }
  | { name: 'link' }
  | { name: 'help'; topic?: string }
);

export type CommandName = Command['name'];

/** The command object for one subcommand, e.g. `CommandOf<'handoff'>`. */
export type CommandOf<N extends CommandName> = Extract<Command, { name: N }>;
