#!/usr/bin/env node
// validate-responses.mjs SPEC LOG: checks every HTTP exchange that the API
// tests made against the OpenAPI description, so that the spec and the
// server cannot drift apart.
//
// LOG is what tests/api/harness.c writes with SCRUTINY_RESPONSE_LOG=LOG:
// one JSON object a line, {"method", "path" (with the query string),
// "status", "headers": {lower-case name: value}, "body": string}, where the
// headers logged are only those in LOGGED_HEADERS below.
//
// For each exchange:
// - the path (without its query, and without an organisation's prefix
//   /api/v1/orgs/{org}) must match a path template of the spec
//   (a templated segment matches one non-empty segment; the template with
//   the most literal segments wins), the method an operation (HEAD is
//   answered as GET) and the status a response (exact code, else "4XX",
//   else "default"). The server's own answers to what the spec does not
//   offer are checked rather than failed: an unknown path answered 404
//   with a problem document, and a method the path does not document
//   answered 405 with an Allow header listing exactly the documented
//   methods (plus HEAD with GET, and OPTIONS). OPTIONS exchanges are
//   skipped (counted as passed) when the path documents no options
//   operation.
// - a successful (< 400) answer may only use query parameters that the
//   operation documents, with values its schemas accept;
// - the logged headers that the response documents must match their
//   schemas; those documented `required: true` must be there; logged
//   headers it does not document (content-type aside) are failures;
// - content: the Content-Type (without parameters) must be a documented
//   media type; JSON bodies (application/json, */*+json) are parsed and
//   validated with Ajv (JSON Schema 2020-12, the dialect of OpenAPI 3.1)
//   against the documented schema, $refs resolved inside the whole spec,
//   and may not carry members that no applicable schema names (response
//   schemas stay open for clients, but an unnamed member is a gap in the
//   spec);
//   text/csv bodies must start with a header row (non-empty, distinct
//   names) and every record must have as many fields; XLSX bodies (logged
//   as base64 with body_base64: true) must be ZIP packages; other text bodies
//   are checked against their (string) schema only. 204, 304 and HEAD
//   answers carry no body and are not checked for content; any other
//   answer whose response documents no content must have an empty body.
//
// Prints each distinct failure once ("METHOD PATH STATUS: reason" for the
// first exchange that failed so, with a count when the same reason recurs
// for the same method, path template and status), then the line
// "N passed, N failed" (one count per exchange); exits 1 when any exchange
// failed or the log holds none, 2 on bad arguments or an unreadable spec
// or log.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const LOGGED_HEADERS = [
  'content-type', 'etag', 'location', 'allow', 'cache-control', 'www-authenticate',
  'content-disposition', 'access-control-allow-origin',
];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const SPEC_ID = 'https://scrutiny.invalid/api-spec/openapi.json';
const MAX_AJV_ERRORS = 5;
const MAX_UNDOCUMENTED = 12;

function usage(message) {
  process.stderr.write(`validate-responses: ${message}\n` +
    'usage: node tools/validate-responses.mjs SPEC.yaml|SPEC.json LOG.jsonl\n');
  process.exit(2);
}

const [specFile, logFile] = process.argv.slice(2);
if (!specFile || !logFile || process.argv.length > 4) usage('two arguments needed');

let spec;
try {
  const text = readFileSync(specFile, 'utf8');
  spec = specFile.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
} catch (e) {
  usage(`${specFile}: ${e.message}`);
}
if (!spec || typeof spec !== 'object' || typeof spec.paths !== 'object')
  usage(`${specFile}: not an OpenAPI document`);
let logText;
try {
  logText = readFileSync(logFile, 'utf8');
} catch (e) {
  usage(`${logFile}: ${e.message}`);
}

// ---------------------------------------------------------------- the spec

const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
addFormats(ajv);
ajv.addSchema(spec, SPEC_ID);

const escapeToken = (t) => String(t).replace(/~/g, '~0').replace(/\//g, '~1');
const pointer = (tokens) => tokens.map((t) => '/' + escapeToken(t)).join('');

function byPointer(ptr) {
  let node = spec;
  for (const raw of ptr.split('/').slice(1)) {
    const t = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || !(t in node))
      throw new Error(`$ref target ${ptr} not found in the spec`);
    node = node[t];
  }
  return node;
}

// Follows local $refs; returns the object and its JSON Pointer in the spec.
function deref(node, ptr) {
  const seen = new Set();
  while (node && typeof node === 'object' && typeof node.$ref === 'string') {
    const ref = node.$ref;
    if (!ref.startsWith('#')) throw new Error(`only local $refs are supported: ${ref}`);
    if (seen.has(ref)) throw new Error(`$ref loop at ${ref}`);
    seen.add(ref);
    ptr = decodeURIComponent(ref.slice(1));
    node = byPointer(ptr);
  }
  return { node, ptr };
}

const validators = new Map();
function validatorAt(ptr) {
  let v = validators.get(ptr);
  if (!v) {
    const fragment = ptr.split('/').map((t) => encodeURIComponent(t)).join('/');
    v = ajv.compile({ $ref: `${SPEC_ID}#${fragment}` });
    validators.set(ptr, v);
  }
  return v;
}

function ajvErrors(errors, what) {
  const shown = errors.slice(0, MAX_AJV_ERRORS).map((e) => {
    let extra = '';
    if (e.params?.additionalProperty !== undefined)
      extra = ` (additionalProperty: ${e.params.additionalProperty})`;
    else if (e.params?.allowedValues !== undefined)
      extra = ` (allowed: ${JSON.stringify(e.params.allowedValues)})`;
    else if (e.params?.allowedValue !== undefined)
      extra = ` (allowed: ${JSON.stringify(e.params.allowedValue)})`;
    return `${what}${e.instancePath || ''} ${e.message}${extra}`;
  });
  if (errors.length > MAX_AJV_ERRORS) shown.push(`... and ${errors.length - MAX_AJV_ERRORS} more`);
  return shown.join('; ');
}

let basePath = '';
try {
  const url = spec.servers?.[0]?.url;
  if (url) basePath = new URL(url, 'http://localhost').pathname.replace(/\/+$/, '');
} catch {
  basePath = '';
}

const templates = Object.keys(spec.paths).map((tpl) => {
  const segs = tpl.split('/');
  return { tpl, segs, literal: segs.map((s) => !/^\{[^}]+\}$/.test(s)) };
});

function matchPath(path) {
  const segs = path.split('/');
  let best = null;
  for (const t of templates) {
    if (t.segs.length !== segs.length) continue;
    let ok = true;
    for (let i = 0; i < segs.length && ok; i++)
      ok = t.literal[i] ? t.segs[i] === segs[i] : segs[i] !== '';
    if (!ok) continue;
    // the most specific template: literal segments win, leftmost first
    if (!best) { best = t; continue; }
    for (let i = 0; i < segs.length; i++) {
      if (t.literal[i] !== best.literal[i]) {
        if (t.literal[i]) best = t;
        break;
      }
    }
  }
  return best;
}

const bareType = (ct) => (ct || '').split(';')[0].trim().toLowerCase();
const isJsonType = (mt) => mt === 'application/json' || /^[a-z0-9.+-]+\/[a-z0-9.+-]*\+json$/.test(mt);

function mediaMatch(documented, actual) {
  const d = bareType(documented);
  if (d === '*/*') return true;
  if (d.endsWith('/*')) return actual.startsWith(d.slice(0, -1));
  return d === actual;
}

function documentedMethods(pathItem) {
  const m = METHODS.filter((x) => pathItem[x]).map((x) => x.toUpperCase());
  if (m.includes('GET') && !m.includes('HEAD')) m.push('HEAD');
  if (!m.includes('OPTIONS')) m.push('OPTIONS');
  return new Set(m);
}

// RFC 4180 records; returns null when quoting is broken.
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') { field += '"'; i += 2; continue; }
        quoted = false; i++; continue;
      }
      field += c; i++; continue;
    }
    if (c === '"') {
      if (field !== '') return null;
      quoted = true; i++; continue;
    }
    if (c === ',') { row.push(field); field = ''; i++; continue; }
    if (c === '\r' || c === '\n') {
      row.push(field); field = ''; rows.push(row); row = [];
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    field += c; i++;
  }
  if (quoted) return null;
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

function checkCsv(body) {
  if (!body) return 'empty text/csv body (no header row)';
  const rows = parseCsv(body);
  if (!rows) return 'text/csv body: unbalanced quotes';
  const header = rows[0];
  if (header.some((h) => h.trim() === '')) return `text/csv header row has an empty name: ${JSON.stringify(header)}`;
  if (new Set(header).size !== header.length) return `text/csv header row repeats a name: ${JSON.stringify(header)}`;
  if (header.every((h) => /^-?\d+(\.\d+)?$/.test(h))) return 'text/csv first line is data, not a header row';
  for (let r = 1; r < rows.length; r++) {
    if (rows[r].length !== header.length)
      return `text/csv record ${r + 1} has ${rows[r].length} fields, the header row ${header.length}`;
  }
  return null;
}

// Members of a valid body that no applicable schema declares. Response
// schemas stay open (clients must ignore members they do not know), so
// Ajv accepts them; but a member the server sends and the spec does not
// name is a gap in the spec. Called only on bodies Ajv accepted, with the
// schema's pointer in the spec. Schemas with additionalProperties or
// patternProperties (other than false) accept any member.
function undeclaredMembers(ptr, value, at, out, depth = 0) {
  if (depth > 64 || value === null || typeof value !== 'object') return;
  const parts = collectSchemas(ptr, value, new Set());
  if (Array.isArray(value)) {
    for (const { node, ptr: p } of parts) {
      if (node.items && typeof node.items === 'object')
        value.forEach((v, i) => undeclaredMembers(`${p}/items`, v, `${at}/${i}`, out, depth + 1));
      if (Array.isArray(node.prefixItems))
        node.prefixItems.forEach((_, i) => {
          if (i < value.length) undeclaredMembers(`${p}/prefixItems/${i}`, value[i], `${at}/${i}`, out, depth + 1);
        });
    }
    return;
  }
  let open = false;
  const declared = new Map(); // member -> schema pointers
  for (const { node, ptr: p } of parts) {
    for (const k of Object.keys(node.properties || {})) {
      if (!declared.has(k)) declared.set(k, []);
      declared.get(k).push(`${p}/properties/${escapeToken(k)}`);
    }
    if (node.patternProperties || (node.additionalProperties !== undefined && node.additionalProperties !== false) ||
        (node.unevaluatedProperties !== undefined && node.unevaluatedProperties !== false)) {
      open = true;
      if (node.additionalProperties && typeof node.additionalProperties === 'object') {
        for (const k of Object.keys(value)) {
          if (!(node.properties && k in node.properties))
            undeclaredMembers(`${p}/additionalProperties`, value[k], `${at}/${escapeToken(k)}`, out, depth + 1);
        }
      }
    }
  }
  // only a schema that names members closes the object
  if (!parts.some(({ node }) => node.properties && typeof node.properties === 'object')) return;
  for (const [k, v] of Object.entries(value)) {
    const ptrs = declared.get(k);
    if (ptrs) {
      for (const p of ptrs) undeclaredMembers(p, v, `${at}/${escapeToken(k)}`, out, depth + 1);
    } else if (!open) {
      out.push(`${at}/${escapeToken(k)} is not documented in the schema`);
    }
  }
}

// The schemas that apply to value at ptr: the schema itself, what its
// $ref and allOf name, and the oneOf/anyOf branches that accept the value.
function collectSchemas(ptr, value, seen) {
  if (seen.has(ptr)) return [];
  seen.add(ptr);
  let node;
  try {
    node = byPointer(ptr);
  } catch {
    return [];
  }
  if (node === true || node === false || node === null || typeof node !== 'object') return [];
  const out = [{ node, ptr }];
  if (typeof node.$ref === 'string' && node.$ref.startsWith('#'))
    out.push(...collectSchemas(decodeURIComponent(node.$ref.slice(1)), value, seen));
  (node.allOf || []).forEach((_, i) => out.push(...collectSchemas(`${ptr}/allOf/${i}`, value, seen)));
  for (const kw of ['oneOf', 'anyOf']) {
    (node[kw] || []).forEach((_, i) => {
      const p = `${ptr}/${kw}/${i}`;
      if (validatorAt(p)(value)) out.push(...collectSchemas(p, value, seen));
    });
  }
  return out;
}

// Query parameter and header values are strings; try them as the schema's
// type too (OpenAPI's "simple"/"form" styles of a number or boolean).
function queryValueOk(validate, raw) {
  const candidates = [raw];
  if (raw !== '' && !Number.isNaN(Number(raw))) candidates.push(Number(raw));
  if (raw === 'true' || raw === 'false') candidates.push(raw === 'true');
  return candidates.some((c) => validate(c));
}

// ---------------------------------------------------------------- checks

function checkExchange(ex) {
  const fails = [];
  let template = null;
  const method = String(ex.method || '').toUpperCase();
  const status = ex.status;
  const headers = {};
  for (const [k, v] of Object.entries(ex.headers || {})) headers[k.toLowerCase()] = String(v);
  const body = typeof ex.body === 'string' ? ex.body : '';
  // a binary body (XLSX) is logged as base64 (body_base64: true)
  const binary = ex.body_base64 === true ? Buffer.from(body, 'base64') : null;
  const [rawPath, query = ''] = String(ex.path || '').split(/\?(.*)/s);
  let path = rawPath;
  if (basePath && path.startsWith(basePath + '/')) path = path.slice(basePath.length);
  // every route also exists under an organisation's prefix (the spec's
  // info.description, "Organisations"): /api/v1/orgs/{org}/X is checked as
  // /api/v1/X, and /api/v1/orgs/{org} as /api/v1
  const orgPrefix = /^\/api\/v1\/orgs\/[^/]*(\/.*)?$/.exec(path);
  if (orgPrefix) path = '/api/v1' + (orgPrefix[1] || '');

  const tpl = matchPath(path);
  if (tpl) template = tpl.tpl;
  if (!tpl) {
    if (status === 404 && bareType(headers['content-type']) === 'application/problem+json') {
      // the server says the path does not exist, as the spec does
      checkProblem(body, fails);
      return { fails, template };
    }
    fails.push(`undocumented path (no template matches ${path})`);
    return { fails, template };
  }
  const { node: pathItem, ptr: pathPtr } = deref(spec.paths[tpl.tpl], pointer(['paths', tpl.tpl]));
  let opName = method.toLowerCase();
  if (opName === 'head' && !pathItem.head) opName = 'get';
  const opRaw = pathItem[opName];
  if (!opRaw) {
    if (method === 'OPTIONS') return { fails, template, skipped: true };
    if (status === 405) {
      const documented = documentedMethods(pathItem);
      const allow = (headers.allow || '').split(',').map((s) => s.trim().toUpperCase()).filter(Boolean);
      if (!headers.allow) fails.push('405 without an Allow header');
      else if (allow.length !== documented.size || !allow.every((m) => documented.has(m)))
        fails.push(`405 Allow "${headers.allow}" differs from the documented methods of ${tpl.tpl} (${[...documented].join(', ')})`);
      checkProblem(body, fails);
      return { fails, template };
    }
    fails.push(`undocumented method ${method} for ${tpl.tpl}`);
    return { fails, template };
  }
  const { node: op, ptr: opPtr } = deref(opRaw, pathPtr + '/' + escapeToken(opName));

  // query parameters of a successful answer
  if (status < 400 && query !== '') {
    const params = new Map();
    for (const [list, ptr] of [[pathItem.parameters, pathPtr + '/parameters'], [op.parameters, opPtr + '/parameters']]) {
      (list || []).forEach((p, i) => {
        const d = deref(p, `${ptr}/${i}`);
        if (d.node.in === 'query') params.set(d.node.name, d);
      });
    }
    for (const pair of query.split('&')) {
      if (pair === '') continue;
      const [k, v = ''] = pair.split(/=(.*)/s);
      let name; let value;
      try {
        name = decodeURIComponent(k.replace(/\+/g, ' '));
        value = decodeURIComponent(v.replace(/\+/g, ' '));
      } catch {
        fails.push(`query "${pair}" is not percent-encoded properly`);
        continue;
      }
      const p = params.get(name);
      if (!p) { fails.push(`query parameter "${name}" is not documented for ${opName.toUpperCase()} ${tpl.tpl}`); continue; }
      if (p.node.schema) {
        const validate = validatorAt(p.ptr + '/schema');
        if (!queryValueOk(validate, value))
          fails.push(`query parameter ${name}=${JSON.stringify(value)}: ${ajvErrors(validate.errors || [], 'value')}`);
      }
    }
  }

  const responses = op.responses || {};
  const code = String(status);
  const key = code in responses ? code
    : `${code[0]}XX` in responses ? `${code[0]}XX`
      : `${code[0]}xx` in responses ? `${code[0]}xx`
        : 'default' in responses ? 'default' : null;
  if (!key) {
    fails.push(`undocumented status ${status} for ${method} ${tpl.tpl}`);
    return { fails, template };
  }
  const { node: resp, ptr: respPtr } = deref(responses[key], `${opPtr}/responses/${escapeToken(key)}`);

  // headers
  const docHeaders = new Map();
  for (const [name, h] of Object.entries(resp.headers || {}))
    docHeaders.set(name.toLowerCase(), deref(h, `${respPtr}/headers/${escapeToken(name)}`));
  for (const [name, d] of docHeaders) {
    if (!LOGGED_HEADERS.includes(name)) continue;
    if (headers[name] === undefined) {
      if (d.node.required === true) fails.push(`required header ${name} missing`);
      continue;
    }
    if (d.node.schema) {
      const validate = validatorAt(d.ptr + '/schema');
      if (!queryValueOk(validate, headers[name]))
        fails.push(`header ${name}: ${JSON.stringify(headers[name])} ${ajvErrors(validate.errors || [], '').trim()}`);
    }
  }
  for (const name of Object.keys(headers)) {
    if (name === 'content-type' || !LOGGED_HEADERS.includes(name)) continue;
    if (!docHeaders.has(name)) fails.push(`header ${name} is sent but not documented for this response`);
  }

  // content
  const noBody = method === 'HEAD' || status === 204 || status === 304;
  if (noBody) return { fails, template };
  const content = resp.content;
  if (!content || Object.keys(content).length === 0) {
    if (body !== '') fails.push(`a body (${headers['content-type'] || 'no Content-Type'}) where the response documents no content`);
    return { fails, template };
  }
  const actual = bareType(headers['content-type']);
  if (!actual) {
    fails.push(`no Content-Type; documented: ${Object.keys(content).join(', ')}`);
    return { fails, template };
  }
  const mtKey = Object.keys(content).find((d) => mediaMatch(d, actual));
  if (mtKey === undefined) {
    fails.push(`Content-Type ${actual} is not documented (documented: ${Object.keys(content).join(', ')})`);
    return { fails, template };
  }
  const { node: media, ptr: mediaPtr } = deref(content[mtKey], `${respPtr}/content/${escapeToken(mtKey)}`);
  if (isJsonType(actual)) {
    let value;
    try {
      value = JSON.parse(body);
    } catch (e) {
      fails.push(`${actual} body is not JSON: ${e.message}`);
      return { fails, template };
    }
    if (media.schema !== undefined) {
      const validate = validatorAt(mediaPtr + '/schema');
      if (!validate(value)) {
        fails.push(ajvErrors(validate.errors, 'body'));
      } else {
        let extra = [];
        undeclaredMembers(mediaPtr + '/schema', value, 'body', extra);
        extra = [...new Set(extra.map((m) => m.replace(/\/\d+(?=\/|\s)/g, '/*')))];
        if (extra.length > MAX_UNDOCUMENTED) extra.splice(MAX_UNDOCUMENTED, Infinity, `... and ${extra.length - MAX_UNDOCUMENTED} more`);
        if (extra.length) fails.push(extra.join('; '));
      }
    }
  } else if (actual === XLSX) {
    // an XLSX workbook is a ZIP package (its sheets are checked by
    // tests/api/check_xlsx.py); here: binary, and a ZIP local file header
    if (!binary) fails.push(`${XLSX} body was not logged as binary`);
    else if (binary.length < 4 || binary.readUInt32LE(0) !== 0x04034b50)
      fails.push(`${XLSX} body is not a ZIP package (no PK\\x03\\x04 signature)`);
  } else {
    if (binary) fails.push(`${actual} body is not UTF-8 text`);
    if (actual === 'text/csv') {
      const err = checkCsv(body);
      if (err) fails.push(err);
    }
    if (media.schema !== undefined) {
      const validate = validatorAt(mediaPtr + '/schema');
      if (!validate(body)) fails.push(ajvErrors(validate.errors, 'body'));
    }
  }
  return { fails, template };
}

function checkProblem(body, fails) {
  if (!spec.components?.schemas?.Problem) return;
  let value;
  try {
    value = JSON.parse(body);
  } catch (e) {
    fails.push(`problem body is not JSON: ${e.message}`);
    return;
  }
  const validate = validatorAt('/components/schemas/Problem');
  if (!validate(value)) fails.push(ajvErrors(validate.errors, 'body'));
}

// ---------------------------------------------------------------- run

// reason keyed by method, path template and status: the first exchange
// that failed so is shown, with how many did
const failures = new Map(); // key -> { label, reason, count, template }
let passed = 0;
let failed = 0;
let skipped = 0;
const lines = logText.split('\n');
lines.forEach((line, i) => {
  if (line.trim() === '') return;
  let ex;
  let fails;
  let label = `line ${i + 1}`;
  let key = label;
  let template = null;
  try {
    ex = JSON.parse(line);
    if (!ex || typeof ex.method !== 'string' || typeof ex.path !== 'string' || !Number.isInteger(ex.status))
      throw new Error('not an exchange {method, path, status, headers, body}');
    label = `${ex.method} ${ex.path} ${ex.status}`;
    const r = checkExchange(ex);
    fails = r.fails;
    template = r.template;
    key = template ? `${ex.method} ${template} ${ex.status}` : label;
    if (r.skipped) skipped++;
  } catch (e) {
    fails = [e.message];
  }
  if (fails.length === 0) {
    passed++;
    return;
  }
  failed++;
  for (const f of fails) {
    const k = `${key}: ${f}`;
    const seen = failures.get(k);
    if (seen) seen.count++;
    else failures.set(k, { label, reason: f, count: 1, template });
  }
});

for (const { label, reason, count, template } of failures.values())
  console.log(`FAIL ${label}: ${reason}` + (count > 1 ? ` (x${count} on ${template || 'this path'})` : ''));
if (skipped) console.log(`(${skipped} OPTIONS exchange(s) on paths without an options operation not checked)`);
if (passed + failed === 0) console.log(`${logFile}: no exchanges logged`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
