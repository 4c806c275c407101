import { Capacitor } from '@capacitor/core';

/**
 * Build-time settings (Vite `VITE_*` variables). A browser build is served by the platform, so
 * it talks to its own origin; a native build must be told where the platform is.
 */
export type TileDatum = 'wgs84' | 'gcj02';

export interface AppConfig {
  serverUrl: string;
  tiles?: { url: string; datum: TileDatum; attribution: string };
}

function serverUrl(): string {
  const configured = import.meta.env.VITE_SERVER_URL?.replace(/\/+$/, '');
  if (configured) return configured;
  if (Capacitor.isNativePlatform()) {
    // A native build without VITE_SERVER_URL cannot reach anything; say so at once.
    throw new Error('VITE_SERVER_URL must be set for a native build');
  }
  return window.location.origin;
}

function tiles(): AppConfig['tiles'] {
  const url = import.meta.env.VITE_TILE_URL;
  if (!url) return undefined;
  const datum: TileDatum = import.meta.env.VITE_TILE_CRS === 'gcj02' ? 'gcj02' : 'wgs84';
  return { url, datum, attribution: import.meta.env.VITE_TILE_ATTRIBUTION ?? '' };
}

export const appConfig: AppConfig = { serverUrl: serverUrl(), tiles: tiles() };
