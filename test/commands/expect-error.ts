// Asserts that `run` throws the given HandoffError subclass and that its message contains
// every fragment, so tests read as "what the user is told".

import { expect } from 'vitest';

export function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw, but it returned');
}

export function expectError(
  run: () => unknown,
  type: abstract new (...args: never[]) => Error,
  ...fragments: string[]
): Error {
  const error = thrownBy(run);
  expect(error).toBeInstanceOf(type);
  for (const fragment of fragments) expect((error as Error).message).toContain(fragment);
  return error as Error;
}
