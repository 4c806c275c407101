import { useEffect, useRef } from 'react';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import type { FeatureCollection } from 'geojson';
import { appConfig } from '../../../config.ts';
import { coveredDistricts } from '../../../rules/rules.ts';
import { currentLanguage } from '../../../i18n/index.ts';
import { fromDisplay, geoJsonToDisplay, toDisplay, type LatLng } from './display-datum.ts';

export interface LocationMapProps {
  point: LatLng | undefined;
  onPick(point: LatLng): void;
}

// Without tiles only the district outlines are drawn, so a closer zoom would show nothing.
const PIN_ZOOM = appConfig.tiles ? 16 : 13;
const PIN_ICON = L.divIcon({
  className: 'map-pin',
  html: '<span class="map-pin-head"></span>',
  iconSize: [32, 40],
  iconAnchor: [16, 40],
});

/**
 * A map with a movable pin over the covered districts' outlines. With no tile layer
 * configured (the default) the outlines and their names are the map, which still lets a
 * citizen put the pin in the right part of town when offline.
 */
export default function LocationMap({ point, onPick }: LocationMapProps) {
  const container = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map>(undefined);
  const marker = useRef<L.Marker>(undefined);
  const pick = useRef(onPick);
  pick.current = onPick;
  const datum = appConfig.tiles?.datum ?? 'wgs84';

  useEffect(() => {
    const leaflet = L.map(container.current!, { attributionControl: Boolean(appConfig.tiles) });
    if (appConfig.tiles) {
      L.tileLayer(appConfig.tiles.url, { attribution: appConfig.tiles.attribution }).addTo(leaflet);
    }
    const lng = currentLanguage();
    const outlines = geoJsonToDisplay(
      { type: 'FeatureCollection', features: [...coveredDistricts] } as FeatureCollection,
      datum,
    );
    const layer = L.geoJSON(outlines, {
      interactive: false,
      style: { color: '#5a6473', weight: 1.5, fillColor: '#1f6feb', fillOpacity: 0.05 },
      onEachFeature: (feature, featureLayer) => {
        const names = feature.properties as { name: string; names: { en: string } };
        featureLayer.bindTooltip(lng === 'en' ? names.names.en : names.name, {
          permanent: true,
          direction: 'center',
          className: 'district-label',
        });
      },
    }).addTo(leaflet);
    leaflet.fitBounds(layer.getBounds());
    leaflet.on('click', (event: L.LeafletMouseEvent) =>
      pick.current(fromDisplay(event.latlng, datum)),
    );
    map.current = leaflet;

    // The map may first be laid out inside a hidden tab or a growing form.
    const resize = new ResizeObserver(() => leaflet.invalidateSize());
    resize.observe(container.current!);
    return () => {
      resize.disconnect();
      leaflet.remove();
      map.current = undefined;
      marker.current = undefined;
    };
  }, [datum]);

  useEffect(() => {
    const leaflet = map.current;
    if (!leaflet) return;
    if (!point) {
      marker.current?.remove();
      marker.current = undefined;
      return;
    }
    const shown = toDisplay(point, datum);
    if (!marker.current) {
      marker.current = L.marker(shown, { draggable: true, icon: PIN_ICON, autoPan: true }).addTo(
        leaflet,
      );
      marker.current.on('dragend', () =>
        pick.current(fromDisplay(marker.current!.getLatLng(), datum)),
      );
      leaflet.setView(shown, Math.max(leaflet.getZoom(), PIN_ZOOM));
    } else {
      marker.current.setLatLng(shown);
    }
  }, [point, datum]);

  return <div ref={container} className="location-map" data-testid="location-map" />;
}
