import { useEffect, useRef } from 'react';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import type { FeatureCollection } from 'geojson';
import type { TaskDoc } from '@smt/shared/workflow/task';
import { appConfig } from '../../config.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { coveredDistricts } from '../../rules/rules.ts';
import { geoJsonToDisplay, toDisplay } from '../../citizen/report/map/display-datum.ts';
import { caseTitle } from '../labels.ts';

interface Props {
  tasks: readonly TaskDoc[];
  selected: string | undefined;
  onSelect(caseId: string): void;
}

const COLOR_OPEN = '#1f6feb';
const COLOR_OVERDUE = '#d1242f';
const RADIUS_PX = 7;
const RADIUS_SELECTED_PX = 11;
// Close enough to tell streets apart when tiles are configured; the outlines alone otherwise.
const CASE_ZOOM = appConfig.tiles ? 16 : 14;

/** A tooltip made of a text node: a case number must never be read as markup. */
function textTooltip(text: string): HTMLElement {
  const span = document.createElement('span');
  span.textContent = text;
  return span;
}

/**
 * The district outlines and a dot per case in the queue (red when overdue). Points are
 * WGS-84 and converted for display only here, as the citizen's map does.
 */
export function CaseMap({ tasks, selected, onSelect }: Props) {
  const container = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map>(undefined);
  const dots = useRef<L.LayerGroup>(undefined);
  const fitted = useRef(false);
  const select = useRef(onSelect);
  select.current = onSelect;
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
      style: { color: '#5a6473', weight: 1.5, fillColor: '#1f6feb', fillOpacity: 0.04 },
      onEachFeature: (feature, featureLayer) => {
        const names = feature.properties as { name: string; names: { en: string } };
        featureLayer.bindTooltip(textTooltip(lng === 'en' ? names.names.en : names.name), {
          permanent: true,
          direction: 'center',
          className: 'district-label',
        });
      },
    }).addTo(leaflet);
    leaflet.fitBounds(layer.getBounds());
    dots.current = L.layerGroup().addTo(leaflet);
    map.current = leaflet;
    const resize = new ResizeObserver(() => leaflet.invalidateSize());
    resize.observe(container.current!);
    return () => {
      resize.disconnect();
      leaflet.remove();
      map.current = undefined;
      dots.current = undefined;
      fitted.current = false;
    };
  }, [datum]);

  useEffect(() => {
    const group = dots.current;
    if (!group) return;
    group.clearLayers();
    for (const task of tasks) {
      const isSelected = task.caseId === selected;
      const dot = L.circleMarker(toDisplay(task.location, datum), {
        radius: isSelected ? RADIUS_SELECTED_PX : RADIUS_PX,
        color: isSelected ? '#000' : '#fff',
        weight: 2,
        fillColor: task.overdue ? COLOR_OVERDUE : COLOR_OPEN,
        fillOpacity: 0.9,
      });
      dot.bindTooltip(textTooltip(caseTitle(task)));
      dot.on('click', () => select.current(task.caseId));
      dot.addTo(group);
    }
    // The first cases to arrive frame the map once; later updates never move it.
    if (!fitted.current && tasks.length > 0 && map.current) {
      fitted.current = true;
      const bounds = L.latLngBounds(tasks.map((task) => toDisplay(task.location, datum)));
      map.current.fitBounds(bounds, { padding: [40, 40], maxZoom: CASE_ZOOM });
    }
  }, [tasks, selected, datum]);

  useEffect(() => {
    const task = tasks.find((candidate) => candidate.caseId === selected);
    if (task && map.current) {
      const zoom = Math.max(map.current.getZoom(), CASE_ZOOM);
      map.current.setView(toDisplay(task.location, datum), zoom);
    }
    // Only a new selection pans; a live update of the same case must not move the map.
  }, [selected, datum]);

  return (
    <div
      ref={container}
      className="console-map"
      data-testid="console-map"
      data-dots={tasks.length}
    />
  );
}
