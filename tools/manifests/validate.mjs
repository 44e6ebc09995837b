// Validates Kubernetes and KEDA manifests offline against their published JSON schemas (kubernetes-models,
// @kubernetes-models/keda). Usage: node validate.mjs FILE... (YAML, several documents per file allowed), or "-" for stdin.
// Prints one line per document and exits 1 if any is invalid or of a kind it does not know.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

async function modelFor(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  const path = group === "keda.sh"
    ? `@kubernetes-models/keda/keda.sh/${version}/${kind}`
    : group === "" ? `kubernetes-models/${version}/${kind}` : `kubernetes-models/${group}/${version}/${kind}`;
  const module = await import(path);
  return module[kind] ?? module.default;
}

let failed = 0;
let count = 0;
const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node validate.mjs FILE... (or - for stdin)");
  process.exit(2);
}

for (const file of files) {
  const text = readFileSync(file === "-" ? 0 : file, "utf8");
  for (const document of parseAllDocuments(text)) {
    if (document.errors.length > 0) {
      console.log(`${file}: not YAML: ${document.errors[0].message}`);
      failed++;
      continue;
    }

    const value = document.toJS();
    if (value === null) continue;
    count++;
    const name = `${value.kind ?? "?"} ${value.metadata?.name ?? "?"}`;
    try {
      const Model = await modelFor(value.apiVersion ?? "", value.kind ?? "");
      new Model(value).validate();
      console.log(`${file}: ${name}: valid`);
    } catch (error) {
      console.log(`${file}: ${name}: INVALID: ${error.message}`);
      failed++;
    }
  }
}

console.log(`${count} documents, ${failed} invalid`);
process.exit(failed > 0 || count === 0 ? 1 : 0);
