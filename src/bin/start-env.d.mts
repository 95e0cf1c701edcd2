export const START_ENV: Record<string, string>;
