// The baseline for start-up: open a PGlite folder, run one query, close. Plain JavaScript,
// so nothing but PGlite itself is loaded.
import { PGlite } from '@electric-sql/pglite';

const db = new PGlite(process.argv[2]);
await db.query('SELECT 1');
await db.close();
