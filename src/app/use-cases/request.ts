import type { Command } from '../../commands/command-types.ts';
import type { Person } from '../../domain/directory.ts';

export type CommandOf<N extends Command['name']> = Extract<Command, { name: N }>;

/** A command by a known person about a known incident. */
export interface IncidentRequest<N extends Command['name']> {
  person: Person;
  command: CommandOf<N>;
  incidentNumber: number;
  idempotencyKey?: string | undefined;
}
