import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';

const require = createRequire(import.meta.url);

// Paths the service worker must never answer from its cache: live data, tokens and photos.
const NETWORK_ONLY_PATHS = [/^\/api\//, /^\/sync\//];

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  // Relative asset URLs let the same build run under the server at `/` and in a Capacitor
  // WebView, which serves the files from its own origin.
  base: './',
  plugins: [
    react(),
    VitePWA({
      strategies: 'generateSW',
      registerType: 'autoUpdate',
      injectRegister: 'script-defer',
      includeAssets: ['favicon.svg', 'icons/*.png'],
      manifest: {
        name: '市民通 · 城市管理',
        short_name: '市民通',
        description: '拍照上报城市管理问题 / Report city-management problems',
        lang: 'zh-CN',
        start_url: './',
        scope: './',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#1f6feb',
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          {
            src: 'icons/icon-512.png',
            sizes: '512x512',
            type: 'image/png',
            purpose: 'maskable',
          },
        ],
      },
      workbox: {
        // The whole shell, lazy chunks included, so every tab opens with no connection.
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
        navigateFallback: 'index.html',
        navigateFallbackDenylist: NETWORK_ONLY_PATHS,
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        skipWaiting: true,
        runtimeCaching: [],
      },
    }),
  ],
  define: {
    // PouchDB's CommonJS modules still read Node's `global`.
    global: 'globalThis',
  },
  resolve: {
    alias: {
      // PouchDB imports Node's `events`; the npm package of the same name is its browser twin.
      events: require.resolve('events/'),
    },
    // @ionic/react-router pins its own copy of @ionic/react and @ionic/core; two copies break
    // the navigation context between the router and the tabs, so both resolve to ours.
    dedupe: [
      'react',
      'react-dom',
      '@ionic/react',
      '@ionic/core',
      'react-router',
      'react-router-dom',
    ],
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    sourcemap: false,
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      treeshake: {
        // Each Ionic component module only defines a class until its React wrapper renders
        // and registers it, but its minified top level is not marked pure; without this
        // every one of the ~90 components lands in the first download.
        moduleSideEffects: [
          { test: /@ionic\/core\/components\/ion-[\w-]+\.js$/, sideEffects: false },
        ],
      },
    },
  },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:8080',
      '/sync': { target: 'http://127.0.0.1:8080', ws: false },
    },
  },
});
