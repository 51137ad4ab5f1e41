// api.js - the dashboard's only way to its figures: the public scrutiny API
// on the same origin. With --private-read the reader key, typed once, is
// kept in sessionStorage (this browser tab's session only) and sent as
// Authorization: Bearer.
const KEY = 'scrutiny.reader-key';

export class ApiError extends Error {
  constructor(status, problem, path) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
    this.path = path;
  }
}

export function readerKey() {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function setReaderKey(key) {
  if (key) sessionStorage.setItem(KEY, key);
  else sessionStorage.removeItem(KEY);
}

function headers(accept) {
  const h = { Accept: accept };
  const key = readerKey();
  if (key) h.Authorization = `Bearer ${key}`;
  return h;
}

// GET /api/v1/<path> with the query (undefined values left out).
export async function get(path, query = {}, accept = 'application/json') {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') qs.set(k, v);
  const url = `/api/v1/${path}${qs.size || [...qs].length ? `?${qs}` : ''}`;
  const resp = await fetch(url, { headers: headers(accept), cache: 'no-cache' });
  if (!resp.ok) {
    let problem = null;
    try {
      problem = await resp.json();
    } catch {
      /* not a problem document */
    }
    throw new ApiError(resp.status, problem, url);
  }
  return accept === 'application/json' ? resp.json() : resp.text();
}

// Like get(), but a 404 answers null (a quarter without a finance statement).
export async function maybe(path, query) {
  try {
    return await get(path, query);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return null;
    throw e;
  }
}
