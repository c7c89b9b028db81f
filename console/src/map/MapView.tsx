import 'leaflet/dist/leaflet.css';
import './map.css';
import L from 'leaflet';
import { useEffect, useMemo, useRef } from 'react';
import { useConsoleConfig } from '../config';
import { useI18n } from '../i18n';
import { datumFor, type LatLng } from './gcj02';

export interface MapShape {
  id: string;
  ring: readonly LatLng[];
  color: string;
  label: string;
  /** Drawn as an outline only (the unit around the others). */
  outline?: boolean;
  /** A stable name for the shape's SVG path (class gg-shape-<key>), e.g. the unit's code. */
  key?: string;
}

/** A point of interest drawn as a coloured dot (a courtyard's facility). */
export interface MapMarker {
  id: string;
  point: LatLng;
  color: string;
  label: string;
  /** A stable name for the dot's SVG path (class gg-marker-<key>), e.g. the facility's code. */
  key?: string;
}

export interface MapViewProps {
  shapes: readonly MapShape[];
  markers?: readonly MapMarker[];
  point?: LatLng | null;
  /** A click on the map (not on a shape), in WGS84. */
  onPick?: (p: LatLng) => void;
  onShapeClick?: (id: string) => void;
  /** A ring being drawn or edited: clicks add points, vertices drag. */
  editRing?: readonly LatLng[] | null;
  onEditRing?: (ring: LatLng[]) => void;
  height?: number | string;
  ariaLabel: string;
}

/** Xuchang, where the demo street is: the view when there is nothing to show. */
const DEFAULT_CENTER: LatLng = { lat: 34.035, lng: 113.84 };

/**
 * Boundaries on a Leaflet map. With no MAP_TILE_URL there are no base tiles at all (the
 * map works offline and loads nothing); with GCJ02 tiles every WGS84 point is shifted for
 * display and every click shifted back.
 */
export function MapView({ shapes, markers, point, onPick, onShapeClick, editRing, onEditRing, height = 420, ariaLabel }: MapViewProps) {
  const config = useConsoleConfig();
  const { t } = useI18n();
  const datum = useMemo(() => datumFor(config.mapTileCrs), [config.mapTileCrs]);
  const container = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const layers = useRef<{ shapes: L.LayerGroup; markers: L.LayerGroup; point: L.LayerGroup; edit: L.LayerGroup } | null>(null);
  const handlers = useRef({ onPick, onShapeClick, onEditRing, editing: !!editRing });
  handlers.current = { onPick, onShapeClick, onEditRing, editing: !!editRing };
  const editRef = useRef(editRing);
  editRef.current = editRing;

  useEffect(() => {
    if (!container.current) return;
    const m = L.map(container.current, { zoomControl: true, attributionControl: !!config.mapTileUrl, preferCanvas: false });
    if (config.mapTileUrl) {
      L.tileLayer(config.mapTileUrl, { maxZoom: 19, attribution: '' }).addTo(m);
      m.attributionControl.setPrefix(false);
    }
    m.setView(toL(datum.toDisplay(DEFAULT_CENTER)), 14);
    layers.current = { shapes: L.layerGroup().addTo(m), markers: L.layerGroup().addTo(m), point: L.layerGroup().addTo(m), edit: L.layerGroup().addTo(m) };
    m.on('click', (e: L.LeafletMouseEvent) => {
      const p = datum.fromDisplay({ lat: e.latlng.lat, lng: e.latlng.lng });
      const h = handlers.current;
      if (h.editing && h.onEditRing) h.onEditRing([...(editRef.current ?? []), round(p)]);
      else h.onPick?.(round(p));
    });
    map.current = m;
    return () => {
      m.remove();
      map.current = null;
    };
  }, [config.mapTileUrl, datum]);

  // The shapes, fitted into view when the set of shapes changes.
  const shapeKey = shapes.map((s) => `${s.id}:${s.ring.length}`).join('|');
  useEffect(() => {
    const m = map.current;
    const group = layers.current?.shapes;
    if (!m || !group) return;
    group.clearLayers();
    const bounds = L.latLngBounds([]);
    for (const shape of shapes) {
      if (shape.ring.length < 3) continue;
      const latlngs = shape.ring.map((p) => toL(datum.toDisplay(p)));
      const polygon = L.polygon(latlngs, {
        color: shape.color,
        weight: shape.outline ? 3 : 2,
        dashArray: shape.outline ? '6 4' : undefined,
        fillOpacity: shape.outline ? 0 : 0.25,
        interactive: !shape.outline,
        className: `gg-shape${shape.key ? ` gg-shape-${shape.key.replace(/[^A-Za-z0-9_-]/g, '_')}` : ''}`,
      });
      polygon.bindTooltip(textElement(shape.label), { sticky: true });
      polygon.on('click', (e: L.LeafletMouseEvent) => {
        if (handlers.current.editing) return;
        L.DomEvent.stopPropagation(e);
        if (handlers.current.onShapeClick) handlers.current.onShapeClick(shape.id);
        else handlers.current.onPick?.(round(datum.fromDisplay({ lat: e.latlng.lat, lng: e.latlng.lng })));
      });
      polygon.addTo(group);
      bounds.extend(polygon.getBounds());
    }
    if (bounds.isValid()) m.fitBounds(bounds, { padding: [16, 16], maxZoom: 18 });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shapeKey, shapes, datum]);

  useEffect(() => {
    const group = layers.current?.markers;
    if (!group) return;
    group.clearLayers();
    for (const marker of markers ?? []) {
      L.circleMarker(toL(datum.toDisplay(marker.point)), {
        radius: 7,
        color: '#ffffff',
        fillColor: marker.color,
        fillOpacity: 1,
        weight: 2,
        className: `gg-marker${marker.key ? ` gg-marker-${marker.key.replace(/[^A-Za-z0-9_-]/g, '_')}` : ''}`,
      })
        .bindTooltip(textElement(marker.label))
        .addTo(group);
    }
  }, [markers, datum]);

  useEffect(() => {
    const group = layers.current?.point;
    if (!group) return;
    group.clearLayers();
    if (point) {
      L.circleMarker(toL(datum.toDisplay(point)), { radius: 8, color: '#cf1322', fillColor: '#ff4d4f', fillOpacity: 0.9, weight: 2 }).addTo(group);
    }
  }, [point, datum]);

  useEffect(() => {
    const group = layers.current?.edit;
    if (!group) return;
    group.clearLayers();
    if (!editRing) return;
    const latlngs = editRing.map((p) => toL(datum.toDisplay(p)));
    if (latlngs.length >= 2) L.polygon(latlngs, { color: '#1677ff', weight: 2, fillOpacity: 0.15, interactive: false }).addTo(group);
    editRing.forEach((_, index) => {
      const vertex = L.marker(latlngs[index], {
        draggable: true,
        keyboard: false,
        icon: L.divIcon({ className: 'gg-vertex', iconSize: [14, 14] }),
      });
      vertex.on('dragend', () => {
        const ll = vertex.getLatLng();
        const next = [...(editRef.current ?? [])];
        next[index] = round(datum.fromDisplay({ lat: ll.lat, lng: ll.lng }));
        handlers.current.onEditRing?.(next);
      });
      vertex.addTo(group);
    });
  }, [editRing, datum]);

  return (
    <div className="gg-map-wrap">
      <div ref={container} className="gg-map" style={{ height }} role="region" aria-label={ariaLabel} />
      {!config.mapTileUrl && <div className="gg-map-note">{t('mapOffline')}</div>}
    </div>
  );
}

function toL(p: LatLng): L.LatLngExpression {
  return [p.lat, p.lng];
}

/** Seven decimals: about a centimetre. */
function round(p: LatLng): LatLng {
  return { lat: Math.round(p.lat * 1e7) / 1e7, lng: Math.round(p.lng * 1e7) / 1e7 };
}

/** Leaflet puts a string tooltip in as HTML; a text node cannot carry markup from a unit's name. */
function textElement(text: string): HTMLElement {
  const span = document.createElement('span');
  span.textContent = text;
  return span;
}
