// `wasm-opt -Oz --enable-<features>` on many small wasm files in one process.
//
//   node tools/wasm-opt-batch.mjs <out-dir> <feature>,<feature>,... <in.wasm>...
//
// writes <out-dir>/<name of each input>. The route split can make 100+ chunks (136 for 12 lazy
// routes once), most under 1 KB; one wasm-opt process per chunk spends its time starting binaryen
// (an 11 MB Node program): 428 s of CPU for those 136, 16 s in one process here. So
// `cargo xtask build-web` runs the chunks through binaryen's JS API here instead: the same
// binaryen 132 (tools/package.json), the same default pass pipeline at optimize level 2 and
// shrink level 2 (what -Oz sets), names dropped as wasm-opt does without -g, the input validated
// first as wasm-opt does. The output is byte for byte wasm-opt's (checked on 136 chunks).
import { readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import binaryen from "binaryen";

const [outDir, featureList, ...inputs] = process.argv.slice(2);
if (!outDir || !featureList) {
  console.error("usage: node wasm-opt-batch.mjs <out-dir> <feature>,... <in.wasm>...");
  process.exit(2);
}

// wasm-opt's --enable-<flag> names → binaryen.Features.
const FEATURES = {
  "bulk-memory": binaryen.Features.BulkMemory | binaryen.Features.BulkMemoryOpt,
  "nontrapping-float-to-int": binaryen.Features.NontrappingFPToInt,
  "sign-ext": binaryen.Features.SignExt,
  "mutable-globals": binaryen.Features.MutableGlobals,
  "reference-types": binaryen.Features.ReferenceTypes,
  multivalue: binaryen.Features.Multivalue,
};
let features = binaryen.Features.MVP;
for (const name of featureList.split(",")) {
  if (!(name in FEATURES)) {
    console.error(`unknown feature ${name}`);
    process.exit(2);
  }
  features |= FEATURES[name];
}

binaryen.setOptimizeLevel(2);
binaryen.setShrinkLevel(2);
binaryen.setDebugInfo(false);
// wasm-opt -O2 and above also optimise the stack IR when writing the binary.
binaryen.setGenerateStackIR(true);
binaryen.setOptimizeStackIR(true);
for (const input of inputs) {
  const module = binaryen.readBinary(readFileSync(input), features);
  try {
    if (!module.validate()) {
      throw new Error(`${input} is not valid wasm`);
    }
    module.optimize();
    writeFileSync(join(outDir, basename(input)), module.emitBinary());
  } finally {
    module.dispose();
  }
}
