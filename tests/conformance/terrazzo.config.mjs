// Terrazzo config for `tz check` and `tz build`: the exported DTCG file with the lint rules of every
// exported type as errors, and @terrazzo/plugin-css writing it as CSS variables (typography tokens
// as one variable per property plus a `font` shorthand).
// TZ_TOKENS is the tokens file, TZ_OUT the output folder (set by test_conformance.py).
import { defineConfig } from "@terrazzo/cli";
import css from "@terrazzo/plugin-css";

export default defineConfig({
  tokens: [process.env.TZ_TOKENS || "./tokens.json"],
  outDir: process.env.TZ_OUT || "./tz-out/",
  plugins: [css({ filename: "tokens.css" })],
  lint: {
    rules: {
      "core/valid-color": "error", // rejects the pre-2025.10 bare hex strings
      "core/required-type": "error",
      "core/consistent-naming": ["error", { format: "kebab-case" }],
      "core/colorspace": ["error", { colorSpace: "srgb" }],
      "core/max-gamut": ["error", { gamut: "srgb" }],
      "core/valid-font-family": "error",
      "core/valid-font-weight": "error",
      "core/valid-typography": "error", // all five properties, fontFamily … lineHeight
      "core/valid-dimension": ["error", { allowedUnits: ["px", "rem"] }],
      "core/valid-shadow": "error",
      "core/valid-number": "error",
    },
  },
});
