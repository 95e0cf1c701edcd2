/** class.ts with the query compiler loaded from its file (see compiler-from-file.mjs). */
export function editGeneratedClass(source: string): string;
