/**
 * The web app's build: Vite (Rolldown) with Preact's automatic JSX runtime. The app
 * imports browser-safe modules from ../shared (form model, formatting, periods and,
 * in the editor, the report validation), so the same code checks in both places.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    manifest: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 400,
  },
  server: { fs: { allow: ['..'] } },
});
