/** The facilities pages' words; merged into the console's catalogue by messages.ts. English must have every key. */
export const zh = {} as const;

export const en: Record<keyof typeof zh, string> = {};
