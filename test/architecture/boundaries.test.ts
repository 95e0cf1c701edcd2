// The dependency rule of design.md §4 as a test (house style §5.10).

import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  const abs = path.join(ROOT, dir);
  return readdirSync(abs).flatMap((name) => {
    const full = path.join(abs, name);
    if (name === 'generated' || name === 'node_modules') return [];
    if (statSync(full).isDirectory()) return sources(path.join(dir, name));
    return /\.(ts|mts|mjs)$/.test(name) ? [path.join(dir, name)] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  return [
    ...text.matchAll(
      /(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g,
    ),
  ].map((m) => m[1] ?? m[2]!);
}

/** The repo-relative path an import points to, or the package name. */
function target(file: string, spec: string): string {
  if (!spec.startsWith('.')) return spec;
  return path.relative(ROOT, path.resolve(ROOT, path.dirname(file), spec));
}

function violations(dir: string, allowed: (target: string) => boolean): string[] {
  return sources(dir).flatMap((file) =>
    imports(file)
      .map((spec) => target(file, spec))
      .filter((t) => !allowed(t))
      .map((t) => `${file} → ${t}`),
  );
}

const PLATFORM_OR_DB =
  /^(@prisma\/|prisma|@electric-sql\/|pglite-prisma-adapter|pg$|@slack\/|discord\.js|@discordjs\/|bullmq|ioredis)/;

describe('dependency rule', () => {
  it('src/domain imports nothing but itself', () => {
    expect(violations('src/domain', (t) => t.startsWith('src/domain/'))).toEqual([]);
  });

  it('src/commands imports only the domain, itself and zod', () => {
    expect(
      violations(
        'src/commands',
        (t) => t.startsWith('src/domain/') || t.startsWith('src/commands/') || t === 'zod',
      ),
    ).toEqual([]);
  });

  it('src/app imports only domain, commands and itself: no store, no adapter, no platform library', () => {
    const ok = (t: string) =>
      t.startsWith('src/domain/') || t.startsWith('src/commands/') || t.startsWith('src/app/');
    expect(violations('src/app', ok)).toEqual([]);
  });

  it('src/web reads through the core: only domain, app, itself and node built-ins', () => {
    const ok = (t: string) =>
      t.startsWith('src/domain/') ||
      t.startsWith('src/app/') ||
      t.startsWith('src/web/') ||
      t.startsWith('node:');
    expect(violations('src/web', ok)).toEqual([]);
  });

  it('the store and the directory never import command parsing: shared text rules live in the domain', () => {
    // The directory borrows only the "did you mean" matcher for its error messages.
    const bad = [
      ...violations('src/store', (t) => !t.startsWith('src/commands/')),
      ...violations(
        'src/directory',
        (t) => !t.startsWith('src/commands/') || t === 'src/commands/closest.ts',
      ),
    ];
    expect(bad).toEqual([]);
  });

  it('only src/store imports Prisma or a database driver', () => {
    const outside = [
      'src/domain',
      'src/commands',
      'src/app',
      'src/directory',
      'src/timers',
      'src/web',
      'adapters',
    ].flatMap((dir) =>
      violations(
        dir,
        (t) =>
          !/^(@prisma\/|prisma|@electric-sql\/|pglite-prisma-adapter|pg$)/.test(t) &&
          !t.startsWith('src/store/'),
      ),
    );
    expect(outside).toEqual([]);
  });

  it('no adapter imports another adapter, and adapters never touch the store', () => {
    const dirs = readdirSync(path.join(ROOT, 'adapters'));
    for (const name of dirs) {
      const ok = (t: string) =>
        !(t.startsWith('adapters/') && !t.startsWith(`adapters/${name}/`)) && !t.startsWith('src/store/');
      expect(violations(`adapters/${name}`, ok)).toEqual([]);
    }
  });

  it('only the composition root (src/main.ts and src/compose) wires the adapters in', () => {
    const root = (f: string) =>
      f === path.join('src', 'main.ts') || f.startsWith(path.join('src', 'compose'));
    const bad = sources('src')
      .filter((f) => !root(f))
      .flatMap((file) =>
        imports(file)
          .map((spec) => target(file, spec))
          .filter((t) => t.startsWith('adapters/'))
          .map((t) => `${file} → ${t}`),
      );
    expect(bad).toEqual([]);
  });

  it('the domain and the app never import platform or database libraries', () => {
    const bad = [
      ...violations('src/domain', (t) => !PLATFORM_OR_DB.test(t)),
      ...violations('src/app', (t) => !PLATFORM_OR_DB.test(t)),
    ];
    expect(bad).toEqual([]);
  });

  it('only src/config.ts reads process.env', () => {
    const readers = [...sources('src'), ...sources('adapters')].filter(
      (f) =>
        f !== path.join('src', 'config.ts') &&
        /process\.env\b/.test(readFileSync(path.join(ROOT, f), 'utf8')),
    );
    expect(readers).toEqual([]);
  });
});
