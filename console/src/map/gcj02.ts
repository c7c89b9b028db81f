/**
 * WGS84 ⇄ GCJ-02 (the datum of 高德 and 腾讯 tiles), for display only: every stored and
 * sent coordinate stays WGS84. Outside mainland China the two are the same.
 */
const A = 6378245.0;
const EE = 0.00669342162296594323;

export interface LatLng {
  lat: number;
  lng: number;
}

function outOfChina({ lat, lng }: LatLng): boolean {
  return lng < 72.004 || lng > 137.8347 || lat < 0.8293 || lat > 55.8271;
}

function transformLat(x: number, y: number): number {
  let r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  r += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  r += ((20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin((y / 3.0) * Math.PI)) * 2.0) / 3.0;
  r += ((160.0 * Math.sin((y / 12.0) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30.0)) * 2.0) / 3.0;
  return r;
}

function transformLng(x: number, y: number): number {
  let r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  r += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  r += ((20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin((x / 3.0) * Math.PI)) * 2.0) / 3.0;
  r += ((150.0 * Math.sin((x / 12.0) * Math.PI) + 300.0 * Math.sin((x / 30.0) * Math.PI)) * 2.0) / 3.0;
  return r;
}

export function wgs84ToGcj02(p: LatLng): LatLng {
  if (outOfChina(p)) return p;
  let dLat = transformLat(p.lng - 105.0, p.lat - 35.0);
  let dLng = transformLng(p.lng - 105.0, p.lat - 35.0);
  const radLat = (p.lat / 180.0) * Math.PI;
  let magic = Math.sin(radLat);
  magic = 1 - EE * magic * magic;
  const sqrtMagic = Math.sqrt(magic);
  dLat = (dLat * 180.0) / (((A * (1 - EE)) / (magic * sqrtMagic)) * Math.PI);
  dLng = (dLng * 180.0) / ((A / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return { lat: p.lat + dLat, lng: p.lng + dLng };
}

/** The inverse, by fixed-point iteration (well under a centimetre after a few rounds). */
export function gcj02ToWgs84(p: LatLng): LatLng {
  if (outOfChina(p)) return p;
  let guess = { ...p };
  for (let i = 0; i < 6; i++) {
    const shifted = wgs84ToGcj02(guess);
    guess = { lat: guess.lat - (shifted.lat - p.lat), lng: guess.lng - (shifted.lng - p.lng) };
  }
  return guess;
}

export interface Datum {
  toDisplay(p: LatLng): LatLng;
  fromDisplay(p: LatLng): LatLng;
}

export function datumFor(crs: 'WGS84' | 'GCJ02'): Datum {
  return crs === 'GCJ02'
    ? { toDisplay: wgs84ToGcj02, fromDisplay: gcj02ToWgs84 }
    : { toDisplay: (p) => p, fromDisplay: (p) => p };
}
