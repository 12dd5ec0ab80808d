import react from '@vitejs/plugin-react';
import { join } from 'node:path';
import { defineConfig } from 'vite';

/** Builds the console SPA in apps/console into apps/console/dist. */
export default defineConfig({
  root: join(import.meta.dirname, 'apps', 'console'),
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    // dist/.vite/manifest.json: which chunks the first page loads (apps/console/bench).
    manifest: true,
  },
});
