// The one place a ZodError becomes our ValidationError (house style §5.4), so every edge
// (commands, config, files) shows people the same kind of readable message.

import type { ZodError } from 'zod';
import { ValidationError } from '../domain/errors.ts';

type Issue = ZodError['issues'][number];

// Enough to fix a bad config file in one go without burying the first problem.
const MAX_PROBLEMS = 5;

/**
 * Turns a ZodError into a ValidationError: one line per distinct problem, then `usage`
 * (how to do it right) when given. The ZodError is kept as `cause` for logs.
 */
export function fromZodError(error: ZodError, usage?: string): ValidationError {
  const problems = [...new Set(error.issues.map(describeIssue))];
  const lines = problems.slice(0, MAX_PROBLEMS);
  if (problems.length > MAX_PROBLEMS) lines.push(`…and ${problems.length - MAX_PROBLEMS} more problems.`);
  if (usage) lines.push(usage);
  return new ValidationError(lines.join('\n'), { cause: error });
}

// Messages we write are whole sentences that already say which field is wrong; zod's own
// defaults ("Invalid input: expected string, received undefined") are not, so they get the path.
function describeIssue(issue: Issue): string {
  // Our own messages are sentences (possibly ending in a quote); zod's get the field name.
  const isSentence = /[.!?]["'”)]?$/.test(issue.message);
  if (isSentence || issue.path.length === 0) return issue.message;
  return `${issue.path.map(String).join('.')}: ${issue.message}`;
}
