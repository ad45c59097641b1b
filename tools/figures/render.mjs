// Renders Vega-Lite specs to SVG without a browser: `node render.mjs in.vl.json out.svg [in out ...]`.
// One process renders many charts, since loading vega costs more than rendering one chart.
import { readFile, writeFile } from "node:fs/promises";
import * as vega from "vega";
import * as vegaLite from "vega-lite";

const args = process.argv.slice(2);
if (args.length === 0 || args.length % 2 !== 0) {
  console.error(`usage: node render.mjs in.vl.json out.svg [in.vl.json out.svg ...] (got ${args.length} arguments)`);
  process.exit(2);
}

let failed = 0;
for (let i = 0; i < args.length; i += 2) {
  const [input, output] = [args[i], args[i + 1]];
  try {
    const spec = JSON.parse(await readFile(input, "utf8"));
    const compiled = vegaLite.compile(spec).spec;
    const view = new vega.View(vega.parse(compiled), { renderer: "none" });
    await writeFile(output, await view.toSVG());
    view.finalize();
  } catch (error) {
    failed++;
    console.error(`${input}: ${error.message}`);
  }
}
process.exit(failed === 0 ? 0 : 1);
