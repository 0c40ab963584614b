import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The ops dashboard: a static page the authorizer serves at /dashboard/, reading only the ops API.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/dashboard/',
  logLevel: 'warn',
  build: { outDir: fileURLToPath(new URL('../../../dist/dashboard', import.meta.url)), emptyOutDir: true, chunkSizeWarningLimit: 400 },
});
