/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Where the platform runs; empty in a browser build served by the platform itself. */
  readonly VITE_SERVER_URL?: string;
  /** Optional map tiles, e.g. https://tile.example.cn/{z}/{x}/{y}.png; none by default. */
  readonly VITE_TILE_URL?: string;
  /** The tiles' datum: 'gcj02' for most maps served in China, else 'wgs84'. */
  readonly VITE_TILE_CRS?: string;
  readonly VITE_TILE_ATTRIBUTION?: string;
  /** Long edge a photo is shrunk to before it is queued; 1600 by default. */
  readonly VITE_PHOTO_LONG_EDGE_PX?: string;
  /** Byte budget of a queued photo; 614400 (600 KB) by default. */
  readonly VITE_PHOTO_MAX_BYTES?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
