// Parses CSS files with lightningcss (no error recovery); any error or warning exits non-zero.
// usage: node lightningcss-check.mjs <file.css>...
import { readFileSync } from "node:fs";
import { transform } from "lightningcss";

let failed = false;
for (const file of process.argv.slice(2)) {
  try {
    const res = transform({ filename: file, code: readFileSync(file), minify: true, errorRecovery: false });
    if (res.warnings.length) {
      failed = true;
      for (const w of res.warnings) console.error(`${file}: warning: ${w.message} (line ${w.loc?.line})`);
    } else {
      console.log(`${file}: ok (${res.code.length} bytes minified)`);
    }
  } catch (e) {
    failed = true;
    console.error(`${file}: error: ${e.message} (line ${e.loc?.line}, column ${e.loc?.column})`);
  }
}
process.exit(failed ? 1 : 0);
