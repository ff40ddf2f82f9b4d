// The build of the web page of `entente serve`: one self-contained bundle in dist/ (no request
// leaves the page's own origin), with file names stable enough that a rebuild from the same
// sources gives the same files, so the committed dist/ only changes when the page does.
import { defineConfig } from "vite";

export default defineConfig({
  base: "./",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 4000,
    sourcemap: false,
  },
  server: {
    // `npm run dev` beside a running `entente serve`: the API answers from there.
    proxy: { "/api": "http://127.0.0.1:8080" },
  },
});
