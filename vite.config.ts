import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** Builds the console SPA in apps/console into apps/console/dist. */
export default defineConfig({
  root: 'apps/console',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
  },
});
