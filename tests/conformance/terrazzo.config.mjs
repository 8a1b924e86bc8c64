// Terrazzo config for `tz check`: the exported DTCG file with the color lint rules as errors.
// TZ_TOKENS is the tokens file to check (set by test_conformance.py).
import { defineConfig } from "@terrazzo/cli";

export default defineConfig({
  tokens: [process.env.TZ_TOKENS || "./tokens.json"],
  outDir: process.env.TZ_OUT || "./tz-out/",
  lint: {
    rules: {
      "core/valid-color": "error", // rejects the pre-2025.10 bare hex strings
      "core/required-type": "error",
      "core/consistent-naming": ["error", { format: "kebab-case" }],
      "core/colorspace": ["error", { colorSpace: "srgb" }],
      "core/max-gamut": ["error", { gamut: "srgb" }],
    },
  },
});
