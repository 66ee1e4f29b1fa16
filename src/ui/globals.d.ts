/** The app's version from package.json, injected by vite.config.ts (`define`). */
declare const __APP_VERSION__: string;
