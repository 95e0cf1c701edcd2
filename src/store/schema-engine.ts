// Prisma's schema engine (migrations, diffs) as WebAssembly, so migrations run offline
// with no native `schema-engine` binary (see shared/notes/prisma-offline.md).
// The package's main module imports its .wasm as an ES module, which Node 20 refuses,
// so the wasm is instantiated here by hand against the package's JS glue.

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import type { SchemaEngine } from '@prisma/schema-engine-wasm/schema_engine_bg';

type Bindings = typeof import('@prisma/schema-engine-wasm/schema_engine_bg');

export type { SchemaEngine };

// tsconfig's lib has no WebAssembly typings (no DOM lib, and @types/node 20 leaves it out).
interface WasmApi {
  instantiate(
    bytes: Uint8Array,
    imports: Record<string, object>,
  ): Promise<{ instance: { exports: Record<string, unknown> & { __wbindgen_start(): void } } }>;
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

let loading: Promise<Bindings> | undefined;

/** Instantiates the wasm module once per process; later calls share it. */
export function loadSchemaEngineModule(): Promise<Bindings> {
  loading ??= instantiate().catch((error: unknown) => {
    loading = undefined; // a failed load may be retried
    throw error;
  });
  return loading;
}

/** Whether this process has loaded the engine (it then keeps it: migrate-apart.ts). */
export function schemaEngineLoaded(): boolean {
  return loading !== undefined;
}

async function instantiate(): Promise<Bindings> {
  const bindings = await import('@prisma/schema-engine-wasm/schema_engine_bg');
  // The package only exports its JS entry points; its folder is found through one of them.
  const require = createRequire(import.meta.url);
  const packageDir = dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg'));
  const bytes = await readFile(join(packageDir, 'schema_engine_bg.wasm'));
  // The wasm imports its JS glue under this module name.
  const { instance } = await wasmApi.instantiate(bytes, {
    './schema_engine_bg.js': withUnrefTimers(bindings),
  });
  bindings.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  return bindings;
}

/**
 * The engine arms timeouts it never clears (it has no clearTimeout import): applying
 * migrations leaves the 10 s advisory-lock timeout pending, which kept a CLI process alive
 * 10 s after its work was done. Unref'd timers still fire while anything else runs.
 */
function withUnrefTimers(bindings: Bindings): Record<string, unknown> {
  const imports: Record<string, unknown> = { ...bindings };
  for (const name of Object.keys(imports)) {
    if (name.startsWith('__wbg_setTimeout_')) {
      imports[name] = (callback: () => void, ms: number) => setTimeout(callback, ms >>> 0).unref();
    }
  }
  return imports;
}

export interface EngineLog {
  level?: string;
  message?: string;
  [key: string]: unknown;
}

/**
 * A schema engine talking to the database behind `factory`, with `schema.prisma`'s text as
 * its datamodel. Call `engine.free()` when done.
 */
export async function createSchemaEngine(
  factory: SqlMigrationAwareDriverAdapterFactory,
  schema: { path: string; content: string },
  onLog: (log: EngineLog) => void = () => {},
): Promise<SchemaEngine> {
  const { SchemaEngine } = await loadSchemaEngineModule();
  const logCallback = (line: string): void => {
    try {
      onLog(JSON.parse(line) as EngineLog);
    } catch {
      onLog({ message: line });
    }
  };
  return SchemaEngine.new(
    { datamodels: [[schema.path, schema.content]] },
    logCallback,
    bindMigrationAwareSqlAdapterFactory(factory),
  );
}
