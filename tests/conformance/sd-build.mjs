// Style Dictionary v5 build of the exported DTCG file to CSS and JS; any warning is an error.
// usage: node sd-build.mjs <tokens.json> <outDir>
import StyleDictionary from "style-dictionary";

const [tokens, out] = process.argv.slice(2);
const sd = new StyleDictionary({
  source: [tokens],
  log: { warnings: "error", verbosity: "verbose", errors: { brokenReferences: "throw" } },
  platforms: {
    css: {
      transformGroup: "css",
      buildPath: out + "/",
      files: [{ destination: "variables.css", format: "css/variables" }],
    },
    js: {
      transformGroup: "js",
      buildPath: out + "/",
      files: [{ destination: "tokens.js", format: "javascript/es6" }],
    },
  },
});
await sd.buildAllPlatforms();
