// One error hierarchy with stable codes (design.md §5.6). Messages are written for
// the person who typed the command; adapters show `message` and never a stack.

export type ErrorCode = 'validation' | 'not_found' | 'permission' | 'conflict' | 'platform' | 'internal';

export class HandoffError extends Error {
  readonly code: ErrorCode;
  constructor(message: string, code: ErrorCode = 'internal', options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

export class ValidationError extends HandoffError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'validation', options);
  }
}

export class NotFoundError extends HandoffError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'not_found', options);
  }
}

export class PermissionError extends HandoffError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'permission', options);
  }
}

export class ConflictError extends HandoffError {
  /** True when the same command may succeed on fresh state (a concurrent write), not a refusal. */
  readonly retryable: boolean;
  constructor(message: string, options?: { cause?: unknown; retryable?: boolean }) {
    super(message, 'conflict', options);
    this.retryable = options?.retryable ?? false;
  }
}

export class PlatformError extends HandoffError {
  readonly retryAfterMs: number | undefined;
  /** True when trying again cannot help (user not found, channel archived, missing access). */
  readonly permanent: boolean;
  constructor(message: string, options?: { cause?: unknown; retryAfterMs?: number; permanent?: boolean }) {
    super(message, 'platform', options);
    this.retryAfterMs = options?.retryAfterMs;
    this.permanent = options?.permanent ?? false;
  }
}

/** Wraps anything thrown into a HandoffError so handlers see one shape. */
export function toHandoffError(error: unknown): HandoffError {
  if (error instanceof HandoffError) return error;
  return new HandoffError(
    'Something went wrong on our side. The change was not saved; please try again.',
    'internal',
    {
      cause: error,
    },
  );
}
