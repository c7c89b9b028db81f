/**
 * Hours are kept as integer tenths, so every sum is exact: 1.5 h is 15. An input that is not a
 * whole number of tenths is refused (null here), never rounded.
 */
export function toTenths(hours: number): number | null {
  if (!Number.isFinite(hours)) return null;
  const tenths = Math.round(hours * 10);
  return Math.abs(tenths - hours * 10) < 1e-6 ? tenths : null;
}

export function fromTenths(tenths: number): number {
  return tenths / 10;
}
