import { readFileSync } from 'node:fs';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

// Cross-origin isolation lets workers share memory later (ffmpeg core-mt, SharedArrayBuffer);
// every asset is served from this origin, so `require-corp` costs nothing.
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * The app's Content-Security-Policy, written as a <meta> into the built index.html so it holds
 * wherever the static files are served: everything from this origin only; blob: for the
 * worker and download URLs and decoded frames, data: for images Plotly and the exports make,
 * 'wasm-unsafe-eval' to compile the WebAssembly kernels and the ffmpeg core; inline styles for
 * Plotly and React's style attributes. No inline or remote script, no remote connection.
 * (Not in the dev server: its hot reload injects inline scripts.)
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval' blob:",
  "worker-src 'self' blob:",
  "connect-src 'self' blob: data:",
  "img-src 'self' blob: data:",
  "media-src 'self' blob: data:",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
  "frame-src 'none'",
].join('; ');

const cspMeta: Plugin = {
  name: 'operando-csp-meta',
  apply: 'build',
  transformIndexHtml: (html) =>
    html.replace(
      '<meta charset="UTF-8" />',
      `<meta charset="UTF-8" />\n    <meta http-equiv="Content-Security-Policy" content="${CSP}" />`,
    ),
};

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

export default defineConfig({
  plugins: [react(), cspMeta],
  // Exports record the version that produced them.
  define: { __APP_VERSION__: JSON.stringify(version) },
  worker: { format: 'es' },
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders },
  build: { target: 'es2022', chunkSizeWarningLimit: 6000 },
});
