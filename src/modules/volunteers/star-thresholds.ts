export { DEFAULT_STAR_THRESHOLDS, parseStarThresholds } from '../../config/star-thresholds.js';

/** The highest star level (0-5) that `approvedTenths` reaches, thresholds in tenths. */
export function eligibleLevel(approvedTenths: number, thresholds: number[]): number {
  let level = 0;
  for (const t of thresholds) if (approvedTenths >= t) level += 1;
  return level;
}
