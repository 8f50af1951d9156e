/**
 * The dashboard's build (`npm run build`: `vite build web`): into `dist/web`, which `accord serve` serves
 * (src/api/web.ts). `npx vite web` serves it for development, with the API of a local `accord serve`.
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    // One chunk for the charts library keeps the first page's script small to parse.
    chunkSizeWarningLimit: 900,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
