import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The dashboard bundle: served by the entas server from web/dist (src/server/web-app.ts). Every page is its own
// chunk (React.lazy), and ECharts with the province map is loaded only by the pages that draw charts.
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1200,
  },
});
