import { Field, Float, InputType, ObjectType } from '@nestjs/graphql';
import { IsLatitude, IsLongitude, IsNumber } from 'class-validator';

@ObjectType()
export class GeoPoint {
  @Field(() => Float) lat: number;
  @Field(() => Float) lng: number;
}

@InputType()
export class GeoPointInput {
  @Field(() => Float)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsLatitude({ message: 'lat must be between -90 and 90' })
  lat: number;

  @Field(() => Float)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsLongitude({ message: 'lng must be between -180 and 180' })
  lng: number;
}

/** PostgreSQL points are (x, y) = (lng, lat). */
export function toPgPolygon(ring: GeoPointInput[]): string {
  return `(${ring.map((p) => `(${p.lng},${p.lat})`).join(',')})`;
}

/** Parses PostgreSQL's polygon text `((x,y),...)` into a closed ring (first point repeated last). */
export function fromPgPolygon(text: string | null): GeoPoint[] | null {
  if (!text) return null;
  const points: GeoPoint[] = [];
  for (const m of text.matchAll(/\(\s*([-+0-9.eE]+)\s*,\s*([-+0-9.eE]+)\s*\)/g)) {
    points.push({ lng: Number(m[1]), lat: Number(m[2]) });
  }
  if (points.length > 0) points.push({ ...points[0] });
  return points;
}

/** Drops a repeated closing point; the ring is closed implicitly. */
export function openRing(ring: GeoPointInput[]): GeoPointInput[] {
  if (ring.length > 1) {
    const first = ring[0];
    const last = ring[ring.length - 1];
    if (first.lat === last.lat && first.lng === last.lng) return ring.slice(0, -1);
  }
  return ring;
}
