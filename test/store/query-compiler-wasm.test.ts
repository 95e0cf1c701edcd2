// Issue 13, memory: Prisma's query compiler comes from the .wasm file `npm run generate`
// writes, not from the 4.6 MB base64 module the generated client would import and keep
// (src/bin/compiler-from-file.mjs has the measurements).

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { editGeneratedClass } from '../../src/bin/compiler-from-file.mjs';
import { compileQueryCompiler, queryCompilerModule } from '../../src/store/query-compiler-wasm.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BASE64_MODULE = '@prisma/client/runtime/query_compiler_fast_bg.postgresql.wasm-base64.mjs';

describe("Prisma's query compiler", () => {
  it('is the same compiler as the one Prisma embeds, compiled once per process', async () => {
    const { wasm } = (await import(BASE64_MODULE)) as { wasm: string };
    const file = readFileSync(path.join(ROOT, 'src/store/generated/query_compiler_fast_bg.postgresql.wasm'));
    expect(file.equals(Buffer.from(wasm, 'base64'))).toBe(true);
    const module = await queryCompilerModule();
    expect(await queryCompilerModule()).toBe(module);
    const api = (
      globalThis as unknown as { WebAssembly: { Module: { exports(m: unknown): Array<{ name: string }> } } }
    ).WebAssembly;
    expect(api.Module.exports(module).map((e) => e.name)).toContain('memory');
  });

  it('serves a real query in a process that refuses the base64 module', () => {
    const script = [
      "import { openDatabase } from './src/store/database.ts';",
      "const db = await openDatabase({ kind: 'pglite-memory' });",
      "await db.prisma.organisation.create({ data: { id: 'brightdesk', name: 'BrightDesk IT', kind: 'provider' } });",
      'console.log(JSON.stringify(await db.prisma.organisation.findMany({ select: { id: true } })));',
      'await db.close();',
    ].join('\n');
    const run = spawnSync(
      process.execPath,
      [
        '--import',
        './test/fakes/refuse-base64-compiler.mjs',
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        script,
      ],
      { cwd: ROOT, encoding: 'utf8', timeout: 60_000 },
    );
    expect(run.stderr).not.toContain('base64 query compiler was imported');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.trim()).toBe('[{"id":"brightdesk"}]');
  });

  it('names the command to run when its file is missing', async () => {
    const missing = new URL('file:///nowhere/query_compiler.wasm');
    await expect(compileQueryCompiler(missing)).rejects.toThrow(
      "Prisma's query compiler is missing (/nowhere/query_compiler.wasm: ENOENT). Run `npm run generate`.",
    );
  });
});

describe('the edit of the generated client', () => {
  const generated = readFileSync(path.join(ROOT, 'src/store/generated/internal/class.ts'), 'utf8');

  it('is in place, and the base64 module is imported nowhere', () => {
    expect(generated).toContain('queryCompilerModule()');
    expect(generated).not.toContain('wasm-base64');
    expect(editGeneratedClass(generated)).toBe(generated);
  });

  it('fails loudly when Prisma generates something else', () => {
    expect(() => editGeneratedClass('config.compilerWasm = somethingNew()')).toThrow(
      'src/store/generated/internal/class.ts no longer loads the query compiler as expected (a new Prisma version?): update src/bin/compiler-from-file.mjs to match it.',
    );
  });
});
