// Style Dictionary v5 build of the exported DTCG file to CSS and JS; any warning is an error.
// usage: node sd-build.mjs <tokens.json> <outDir>
//
// CSS: the "css" transform group, with typography composites expanded (SD's `expand`) into one
// variable per property. Without it, SD's typography/css/shorthand transform writes the CSS
// `font` shorthand, which has no letter-spacing, and warns "Unknown CSS Font Shorthand
// properties" for every DTCG 2025.10 typography token (letterSpacing is a required property) —
// an error under `warnings: "error"`. Shadows go through shadow/css/shorthand, fonts through
// fontFamily/css, dimensions through size/rem (which keeps px units).
// JS: the "js" transform group; composites stay objects with their aliases resolved.
import StyleDictionary from "style-dictionary";

const [tokens, out] = process.argv.slice(2);
const sd = new StyleDictionary({
  source: [tokens],
  log: { warnings: "error", verbosity: "verbose", errors: { brokenReferences: "throw" } },
  platforms: {
    css: {
      transformGroup: "css",
      expand: { include: ["typography"] },
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
