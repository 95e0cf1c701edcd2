import { describe, expect, it } from 'vitest';
import { composeNotifiers } from '../../src/app/composite-notifier.ts';
import type { Notification, Notifier } from '../../src/app/ports.ts';
import { RecordingNotifier } from '../support/app-harness.ts';

const note: Notification = { personId: 'dana', personName: 'Dana', text: 'hi' };

describe('composeNotifiers', () => {
  it('delivers to every platform even when one fails, and logs the failure', async () => {
    const a = new RecordingNotifier();
    const b = new RecordingNotifier();
    const failing: Notifier = {
      notify: async () => {
        throw new Error('slack down');
      },
    };
    const errors: unknown[] = [];
    const logger = { info() {}, warn() {}, error: (fields: object) => errors.push(fields) };
    await composeNotifiers([a, failing, b], logger).notify([note]);
    expect(a.sent).toEqual([note]);
    expect(b.sent).toEqual([note]);
    expect(errors).toHaveLength(1);
  });

  it('passes incidentChanged only to platforms that keep status messages', async () => {
    const changed: number[] = [];
    const withStatus: Notifier = {
      notify: async () => {},
      incidentChanged: async (n) => void changed.push(n),
    };
    await composeNotifiers([new RecordingNotifier(), withStatus], { info() {}, warn() {}, error() {} })
      .incidentChanged!(7);
    expect(changed).toEqual([7]);
  });
});
