// A small AuthRocket REST client written to the conventions of AuthRocket's
// official SDKs (../../../shared/authrocket-api.md §2–3), used to show that
// the gateway's REST facade works for SDK users unchanged but for the URL
// and the credential.
//
// As in the official Node SDK: the credential goes in Authrocket-Api-Key,
// the realm in Authrocket-Realm, the locale in Accept-Language; create and
// update bodies are wrapped in the resource's root element with `request`
// at the top level; DELETE parameters go in the query string; 409 and 422
// resolve to a Response whose errors the caller reads, other failures
// throw.

const USER_AGENT = 'AuthRocket/node-gateway-tests v1';

export class AuthRocketError extends Error {
  constructor(status, body, requestId, message) {
    super(message);
    this.name = status === 404 ? 'RecordNotFound' : 'AuthRocketError';
    this.status = status;
    this.body = body; // the gateway's merged body: errors, code, message, details
    this.requestId = requestId;
  }
}

export class Response {
  constructor(status, headers, body) {
    this.status = status;
    this.requestId = headers.get('x-request-id');
    this.gatewayRequestId = headers.get('x-gateway-request-id');
    this.body = body;
    this.errors = [];
    this.metadata = {};
    this.results = null;
    if (Array.isArray(body?.errors)) {
      this.errors = body.errors;
    } else if (body?.errors && typeof body.errors === 'object') {
      this.errors = Object.values(body.errors).flat();
    }
    if ((status === 409 || status === 422) && this.errors.length === 0) {
      this.errors = ['Validation error'];
    }
    if (this.errors.length > 0) {
      for (const [k, v] of Object.entries(body ?? {})) if (k !== 'errors') this.metadata[k] = v;
    } else if (body && Array.isArray(body.collection)) {
      this.results = body.collection;
      for (const [k, v] of Object.entries(body)) if (k !== 'collection') this.metadata[k] = v;
    } else if (status !== 204 && status !== 215) {
      this.results = body;
    }
  }

  hasErrors() { return this.errors.length > 0; }
  errorMessages() { return this.errors.join(' '); }
  hasMore() { return this.metadata.more_results === true; }
  get object() { return Array.isArray(this.results) ? undefined : this.results; }
}

export class AuthRocket {
  constructor({ url, apiKey, realm, locale } = {}) {
    if (!url || !apiKey) throw new Error('url and apiKey are required');
    this.url = url.replace(/\/+$/, '');
    if (!this.url.endsWith('/v2')) this.url += '/v2';
    this.apiKey = apiKey;
    this.realm = realm;
    this.locale = locale;
    this.users = new Users(this);
    this.orgs = new Resource(this, 'orgs', 'org');
    this.memberships = new Resource(this, 'memberships', 'membership');
  }

  headers(hasBody) {
    const h = {
      'Authrocket-Api-Key': this.apiKey,
      'User-Agent': USER_AGENT,
      Accept: 'application/json',
    };
    if (this.realm) h['Authrocket-Realm'] = this.realm;
    if (this.locale) h['Accept-Language'] = this.locale;
    if (hasBody) h['Content-Type'] = 'application/json';
    return h;
  }

  async request(method, path, { query, body } = {}) {
    let url = `${this.url}/${path}`;
    const qs = buildQuery(query);
    if (qs) url += `?${qs}`;
    const res = await fetch(url, {
      method,
      headers: this.headers(body !== undefined),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed = null;
    if (text.trim() !== '') {
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new AuthRocketError(res.status, text, res.headers.get('x-request-id'), `Invalid JSON from ${method} ${path}: ${text}`);
      }
    }
    const out = new Response(res.status, res.headers, parsed);
    if (res.ok || res.status === 409 || res.status === 422) return out;
    const messages = out.errors.length ? out.errorMessages() : text;
    throw new AuthRocketError(res.status, parsed, out.requestId, `${statusText(res.status)}: ${messages}`);
  }
}

function statusText(status) {
  switch (status) {
    case 402: return 'Account inactive; login to portal to check service status';
    case 403: return 'Access denied; check your API credentials and permissions';
    case 404: return 'Record not found';
    case 429: return 'Rate limited; wait before trying again';
    default: return status >= 500 ? `Server error: ${status}` : `Error: ${status}`;
  }
}

// buildQuery writes params the way axios and Ruby do: arrays as k[]=v.
function buildQuery(params = {}) {
  const parts = [];
  for (const [k, v] of Object.entries(params ?? {})) {
    if (v === undefined || v === null) continue;
    if (Array.isArray(v)) {
      for (const item of v) parts.push(`${encodeURIComponent(k)}[]=${encodeURIComponent(item)}`);
    } else {
      parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
    }
  }
  return parts.join('&');
}

// buildRoot wraps attributes in the root element, leaving `request` at the
// top level; attributes already wrapped are not wrapped again.
function buildRoot(root, attrs = {}) {
  if (attrs[root] !== undefined) return attrs;
  const { request, ...rest } = attrs;
  const body = { [root]: rest };
  if (request !== undefined) body.request = request;
  return body;
}

class Resource {
  constructor(client, path, root) {
    this.client = client;
    this.path = path;
    this.root = root;
  }

  // Paths are escaped with encodeURI, as the official Node SDK does.
  idPath(id, action) {
    return encodeURI(`${this.path}/${id}${action ? `/${action}` : ''}`);
  }

  all(params) { return this.client.request('GET', this.path, { query: params }); }
  async first(params) {
    const res = await this.all({ ...params, max_results: 1 });
    if (Array.isArray(res.results)) res.results = res.results[0] ?? null;
    return res;
  }
  find(id, params) { return this.client.request('GET', this.idPath(id), { query: params }); }
  create(attrs) { return this.client.request('POST', this.path, { body: buildRoot(this.root, attrs) }); }
  update(id, attrs) { return this.client.request('PUT', this.idPath(id), { body: buildRoot(this.root, attrs) }); }
  delete(id, params) { return this.client.request('DELETE', this.idPath(id), { query: params }); }
  action(method, id, action, attrs) {
    return this.client.request(method, this.idPath(id, action), { body: buildRoot(this.root, attrs) });
  }
}

class Users extends Resource {
  constructor(client) { super(client, 'users', 'user'); }
  authenticate(id, attrs) { return this.action('POST', id, 'authenticate', attrs); }
  updatePassword(id, attrs) { return this.action('PUT', id, 'update_password', attrs); }
  updateProfile(id, attrs) { return this.action('PUT', id, 'profile', attrs); }
}
