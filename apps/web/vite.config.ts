import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';
import { precompress } from './build/precompress.ts';

// The BFF serves the built app; in dev the Vite server forwards API and cluster calls to it.
const bff = 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react(), tailwindcss(), precompress()],
  server: {
    proxy: {
      '/api': { target: bff, changeOrigin: false },
      '/k8s': { target: bff, changeOrigin: false },
    },
  },
  // No source maps in the production build: the console's source is not published next to it
  // (and no sourceMappingURL comment points anywhere). `vite` in dev still maps everything.
  build: { outDir: 'dist', sourcemap: false, chunkSizeWarningLimit: 1500 },
});
