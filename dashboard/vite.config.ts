import { defineConfig } from "vite";

// The build lands inside the Python package, which ships it: `pip install .` needs no npm.
export default defineConfig({
  base: "./",
  build: {
    outDir: "../src/dyad/static",
    emptyOutDir: true,
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
  },
});
