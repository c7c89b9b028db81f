/** The default STAR_THRESHOLDS: approved hours for 一星 to 五星. */
export const DEFAULT_STAR_THRESHOLDS = '100,300,600,1000,1500';

/**
 * Parses STAR_THRESHOLDS into tenths of an hour: five strictly increasing positive hour
 * figures, each a whole number of tenths. Null when the text is not that.
 */
export function parseStarThresholds(text: string): number[] | null {
  const parts = text.split(',').map((p) => p.trim());
  if (parts.length !== 5 || parts.some((p) => !/^\d+(\.\d)?$/.test(p))) return null;
  const tenths = parts.map((p) => Math.round(Number(p) * 10));
  for (let i = 0; i < tenths.length; i++) {
    if (tenths[i] <= 0 || (i > 0 && tenths[i] <= tenths[i - 1])) return null;
  }
  return tenths;
}
