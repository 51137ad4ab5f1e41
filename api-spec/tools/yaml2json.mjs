#!/usr/bin/env node
// yaml2json.mjs IN [OUT]: the OpenAPI description as compact JSON.
//
// The server build (server/meson.build) embeds the result and serves it at
// GET /api/v1/openapi.json. Without OUT the JSON goes to standard output.
// A YAML syntax error, a duplicate key, or a document that is not an
// OpenAPI object exits 1 with a message naming the file and the line.
import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import { parseDocument } from 'yaml';

function fail(message) {
  process.stderr.write(`yaml2json: ${message}\n`);
  process.exit(1);
}

const [input, output] = process.argv.slice(2);
if (!input || process.argv.length > 4)
  fail('usage: node tools/yaml2json.mjs IN.yaml [OUT.json]');

let text;
try {
  text = readFileSync(input, 'utf8');
} catch (e) {
  fail(`${input}: ${e.message}`);
}

// uniqueKeys (the default) makes a duplicate key an error; YAML 1.2 core
// schema: `no`, `on`, `1.0e+12` mean what JSON would mean by them.
const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
if (doc.errors.length > 0)
  fail(doc.errors.map((e) => `${input}: ${e.message}`).join('\n'));
for (const w of doc.warnings) process.stderr.write(`yaml2json: ${input}: warning: ${w.message}\n`);

let value;
try {
  value = doc.toJS({ maxAliasCount: 1000 });
} catch (e) {
  fail(`${input}: ${e.message}`);
}
if (value === null || typeof value !== 'object' || Array.isArray(value))
  fail(`${input}: the document is not a mapping`);
if (typeof value.openapi !== 'string' || typeof value.paths !== 'object')
  fail(`${input}: not an OpenAPI document (no "openapi" version or no "paths")`);

const json = JSON.stringify(value);
if (!output) {
  process.stdout.write(json + '\n');
} else {
  // write then rename: a build never sees a half-written file
  const tmp = `${output}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, json + '\n');
    renameSync(tmp, output);
  } catch (e) {
    fail(`${output}: ${e.message}`);
  }
}
