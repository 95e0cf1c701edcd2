// A small valid directory file as plain data in the file's own shape, so each test
// breaks exactly one thing and checks the message a person editing the file would see.

import { expect } from 'vitest';
import { stringify } from 'yaml';
import { parseDirectory } from '../../src/directory/directory-file.ts';
import { ValidationError } from '../../src/domain/errors.ts';

export const FILE = 'dir.yaml';

export interface FileShape {
  [section: string]: Record<string, unknown>[];
}

export function baseFile(): FileShape {
  return {
    organisations: [
      { id: 'brightdesk', name: 'BrightDesk IT', kind: 'provider' },
      { id: 'cloudnest', name: 'CloudNest Hosting', kind: 'vendor' },
      { id: 'wanderlust', name: 'Wanderlust Travel', kind: 'client' },
    ],
    people: [
      {
        id: 'dana',
        name: 'Dana',
        organisation: 'brightdesk',
        slack: 'U01DANA',
        discord: '810000000000000001',
      },
      { id: 'sam', name: 'Sam', organisation: 'cloudnest', slack: 'U02SAM', discord: '810000000000000002' },
      {
        id: 'maria',
        name: 'Maria',
        organisation: 'wanderlust',
        email: 'maria@wanderlust.example',
        slack: 'U03MARIA',
      },
      { id: 'kevin', name: 'Kevin', organisation: 'wanderlust', discord: '810000000000000004' },
    ],
    sites: [
      {
        id: 'wanderlust-web',
        name: 'Wanderlust Travel website',
        client: 'wanderlust',
        it_contact: 'dana',
        vendor_contacts: ['sam'],
        sla: { monthly_fee: 450, uptime_target: 99.9, credit_tiers: [{ below: 99.9, credit: 10 }] },
        runbook: 'Check the CloudNest status page.',
        fallback: 'Static copy at backup.wanderlust.example.',
      },
    ],
  };
}

/** The entry `index` of `section`, to break one field of it. */
export function entry(file: FileShape, section: string, index: number): Record<string, unknown> {
  const found = file[section]?.[index];
  if (!found) throw new Error(`test setup: no ${section}[${index}]`);
  return found;
}

export function siteSla(file: FileShape): Record<string, unknown> {
  return entry(file, 'sites', 0).sla as Record<string, unknown>;
}

/** Parses `text` expecting a ValidationError, and returns it. */
export function rejectionOf(text: string, fileName = FILE): ValidationError {
  try {
    parseDirectory(text, fileName);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('expected the directory to be rejected, but it loaded');
}

/** The full message for a file given as data. */
export function problemsOf(file: unknown): string {
  return rejectionOf(stringify(file)).message;
}

/** The message lines that describe problems (without the count header). */
export function problemLines(message: string): string[] {
  return message.split('\n').filter((line) => line.startsWith(`${FILE}: `));
}
