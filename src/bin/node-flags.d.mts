export const NODE_FLAGS: string[];
export const START_ENV: Record<string, string>;
