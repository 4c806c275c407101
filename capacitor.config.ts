import type { CapacitorConfig } from '@capacitor/cli';

/**
 * One Capacitor app for Android and iOS, built from the web app in mobile/dist. Native
 * projects live under mobile/android and mobile/ios (created with `npx cap add`, see
 * mobile/README.md); run the cap commands from the repository root, where this file is.
 */
const config: CapacitorConfig = {
  appId: 'cn.gov.sjz.shimintong',
  appName: '市民通',
  webDir: 'mobile/dist',
  // The plugins are dependencies of mobile/package.json, not of the root package.json the
  // CLI reads next to this file, so they are named here for `cap sync` to wire them in.
  includePlugins: ['@capacitor/camera', '@capacitor/geolocation'],
  android: {
    path: 'mobile/android',
  },
  ios: {
    path: 'mobile/ios',
  },
  server: {
    // https on Android keeps IndexedDB, service-worker-free storage and fetch on a secure
    // origin, the same as on iOS (capacitor://localhost).
    androidScheme: 'https',
  },
};

export default config;
