// A small AuthRocket REST client written to the request and response
// conventions of AuthRocket's official SDKs, used to show that an SDK user
// moves to the gateway's REST facade by changing only the URL and the
// credential.
//
// Requests, as the official Node SDK sends them: the credential in
// Authrocket-Api-Key, the realm (optional) in Authrocket-Realm, the locale
// in Accept-Language, JSON both ways, create/update/action bodies wrapped in
// the resource's root element with `request` at the top level, DELETE
// parameters in the query string, paths escaped with encodeURI.
//
// Answers: a single object resolves to the object itself, a list to
// {collection, more_results}; responseOf(result) gives the HTTP facts
// (status, request IDs). Every failure rejects with an AuthRocketError that
// carries AuthRocket's `errors` and the gateway's google.rpc.Status fields
// (code, message, details). 409 and 422 bodies are read as errors, as the
// SDKs do, but are raised (as ValidationError) where the SDKs return them.

const USER_AGENT = `AuthRocket/node-gateway-tests v1 (node ${process.versions.node})`;

/** Any failed call: HTTP status, AuthRocket's errors, the gateway's google.rpc.Status. */
export class AuthRocketError extends Error {
  constructor(summary, { status, errors = [], body = null, requestId = null, gatewayRequestId = null } = {}) {
    super(summary);
    this.name = new.target.name;
    this.status = status; // HTTP status
    this.errors = errors; // AuthRocket's messages, localized
    this.requestId = requestId; // X-Request-Id: AuthRocket's when it was called
    this.gatewayRequestId = gatewayRequestId; // X-Gateway-Request-Id
    this.body = body; // the whole decoded body
    // The google.rpc.Status the gateway merges into the body (docs/errors.md).
    this.code = body?.code;
    this.rpcMessage = body?.message;
    this.details = Array.isArray(body?.details) ? body.details : [];
    // As the SDKs' response.metadata: AuthRocket's other top-level keys (retry_url).
    const { errors: _e, code: _c, message: _m, details: _d, ...metadata } = body ?? {};
    this.metadata = metadata;
  }

  /** The status detail of a google.rpc type, by short name ('ErrorInfo'). */
  detail(type) {
    return this.details.find((d) => d['@type'] === `type.googleapis.com/google.rpc.${type}`);
  }

  /** AuthRocket's messages joined as the SDKs' errorMessages() joins them. */
  errorMessages() { return this.errors.join(' '); }
}

/** 409 and 422: AuthRocket's validation or conflict errors (the SDKs' "response with errors"). */
export class ValidationError extends AuthRocketError {}

/** 404. */
export class RecordNotFound extends AuthRocketError {}

const responses = new WeakMap();

/** The HTTP facts of a result: {status, requestId, gatewayRequestId, headers}. */
export function responseOf(result) {
  return responses.get(result);
}

export class AuthRocket {
  /**
   * url: the gateway, with or without /v2; apiKey: the caller's gateway
   * credential; realm (optional): the default realm, rl_…; locale
   * (optional): error message language, e.g. 'es'.
   */
  constructor({ url, apiKey, realm, locale } = {}) {
    if (!url) throw new Error('AuthRocket: url is required');
    this.url = url.replace(/\/+$/, '');
    if (!this.url.endsWith('/v2')) this.url += '/v2';
    this.apiKey = apiKey;
    this.realm = realm;
    this.locale = locale;
    this.users = new Users(this);
    this.orgs = new Resource(this, 'orgs', 'org');
    this.memberships = new Resource(this, 'memberships', 'membership');
    this.sessions = new Resource(this, 'sessions', 'session');
    this.realms = new Realms(this);
    this.credentials = new Credentials(this);
    this.authProviders = new AuthProviders(this);
    this.oauth2Sessions = new Oauth2Sessions(this);
    this.invitations = new Invitations(this);
    this.clientApps = new Resource(this, 'client_apps', 'client_app');
    this.domains = new Domains(this);
    this.jwtKeys = new Resource(this, 'jwt_keys', 'jwt_key');
    this.hooks = new Resource(this, 'hooks', 'hook');
    this.events = new Resource(this, 'events', 'event');
    this.namedPermissions = new Resource(this, 'named_permissions', 'named_permission');
    this.resourceLinks = new Resource(this, 'resource_links', 'resource_link');
    this.mailingListProviders = new Resource(this, 'mailing_list_providers', 'mailing_list_provider');
    this.mailingListSubscriptions = new Resource(this, 'mailing_list_subscriptions', 'mailing_list_subscription');
    this.smtpProviders = new Resource(this, 'smtp_providers', 'smtp_provider');
  }

  /** A client configured like the others of this suite, from the environment. */
  static fromEnv(overrides = {}) {
    return new AuthRocket({
      url: process.env.GATEWAY_REST_URL,
      apiKey: process.env.GATEWAY_TOKEN,
      realm: process.env.AUTHROCKET_REALM || undefined,
      ...overrides,
    });
  }

  headers() {
    const h = {
      Accept: 'application/json',
      'Content-Type': 'application/json',
      'User-Agent': USER_AGENT,
    };
    if (this.apiKey) h['Authrocket-Api-Key'] = this.apiKey;
    if (this.realm) h['Authrocket-Realm'] = this.realm;
    if (this.locale) h['Accept-Language'] = this.locale;
    return h;
  }

  async request(method, path, { query, body } = {}) {
    const qs = buildQuery(query);
    const res = await fetch(`${this.url}/${path}${qs ? `?${qs}` : ''}`, {
      method,
      headers: this.headers(),
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(50_000), // the SDKs' timeout
    });
    const facts = {
      status: res.status,
      requestId: res.headers.get('x-request-id'),
      gatewayRequestId: res.headers.get('x-gateway-request-id'),
      headers: res.headers,
    };
    const text = await res.text();
    let parsed = {};
    if (text.trim() !== '') {
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new AuthRocketError(`${method} ${path}: ${res.status}, body is not JSON: ${text.slice(0, 200)}`, facts);
      }
    }
    if (res.ok) {
      if (typeof parsed === 'object' && parsed !== null) responses.set(parsed, facts);
      return parsed;
    }
    throw failure(method, path, facts, parsed);
  }
}

// failure turns a non-2xx answer into the error the SDKs would raise, or,
// for 409/422, into the errors they would return.
function failure(method, path, facts, body) {
  let errors = [];
  if (Array.isArray(body?.errors)) errors = body.errors;
  else if (body?.errors && typeof body.errors === 'object') errors = Object.values(body.errors).flat();
  const fields = { ...facts, errors, body };
  const s = facts.status;
  if (s === 409 || s === 422) {
    if (errors.length === 0) fields.errors = ['Validation error'];
    return new ValidationError(fields.errors.join(' '), fields);
  }
  const why = errors.length ? errors.join(' ') : `${method} ${path}`;
  switch (s) {
    case 402: return new AuthRocketError(`Account inactive; login to portal to check service status: ${why}`, fields);
    case 403: return new AuthRocketError(`Access denied; check your API credentials and permissions: ${why}`, fields);
    case 404: return new RecordNotFound(`Record not found: ${method} ${path}`, fields);
    case 429: return new AuthRocketError(`Rate limited; wait before trying again: ${why}`, fields);
  }
  return new AuthRocketError(`${s >= 500 ? 'Server' : 'Client'} error: ${s} -- ${why}`, fields);
}

// buildQuery writes params as axios does: arrays as k[]=v.
function buildQuery(params) {
  const parts = [];
  for (const [k, v] of Object.entries(params ?? {})) {
    if (v === undefined || v === null) continue;
    for (const item of Array.isArray(v) ? v : [v]) {
      parts.push(`${encodeURIComponent(Array.isArray(v) ? `${k}[]` : k)}=${encodeURIComponent(item)}`);
    }
  }
  return parts.join('&');
}

// buildRoot wraps attributes in the root element and keeps `request` at the
// top level; attributes already wrapped are not wrapped again.
function buildRoot(root, attrs = {}) {
  if (attrs[root] !== undefined) return attrs;
  const { request, ...rest } = attrs;
  return request === undefined ? { [root]: rest } : { [root]: rest, request };
}

export class Resource {
  constructor(client, path, root) {
    this.client = client;
    this.path = path;
    this.root = root;
  }

  // As the official Node SDK: encodeURI, which leaves '@' and '+' as they are.
  idPath(id, action) {
    return encodeURI(`${this.path}/${id}${action ? `/${action}` : ''}`);
  }

  /** A page: {collection, more_results}. params: after, max_results, sort, direction, filters. */
  all(params) { return this.client.request('GET', this.path, { query: params }); }

  /** The first row or null, as the SDKs' first(): all() with max_results=1. */
  async first(params) {
    const page = await this.all({ ...params, max_results: 1 });
    return page.collection[0] ?? null;
  }

  find(id, params) { return this.client.request('GET', this.idPath(id), { query: params }); }
  create(attrs) { return this.client.request('POST', this.path, { body: buildRoot(this.root, attrs) }); }
  update(id, attrs) { return this.client.request('PUT', this.idPath(id), { body: buildRoot(this.root, attrs) }); }
  delete(id, params) { return this.client.request('DELETE', this.idPath(id), { query: params }); }

  action(method, id, action, attrs) {
    return this.client.request(method, this.idPath(id, action), { body: buildRoot(this.root, attrs) });
  }
}

/** Users can be named by id, email or username. */
class Users extends Resource {
  constructor(client) { super(client, 'users', 'user'); }
  /** A session (with its token) or, when MFA is needed, a token. Wrong password: ValidationError. */
  authenticate(id, attrs) { return this.action('POST', id, 'authenticate', attrs); }
  /** attrs: current_password, password, password_confirmation. */
  updatePassword(id, attrs) { return this.action('PUT', id, 'update_password', attrs); }
  /** attrs: email, first_name, last_name, username, password, password_confirmation. */
  updateProfile(id, attrs) { return this.action('PUT', id, 'profile', attrs); }
  /** attrs: token (tmf:… from authenticate), code (TOTP). A session. */
  authenticateToken(attrs) { return this.client.request('POST', `${this.path}/authenticate_token`, { body: buildRoot(this.root, attrs) }); }
  /** A token {object:'token', token:'tpw:…', user_id}. The body is not wrapped. */
  generatePasswordToken(id, params = {}) { return this.client.request('POST', this.idPath(id, 'generate_password_token'), { body: params }); }
  /** attrs: token (tpw:), password, password_confirmation. A session, or a tmf: token when MFA is needed. */
  resetPasswordWithToken(attrs) { return this.client.request('POST', `${this.path}/reset_password_with_token`, { body: buildRoot(this.root, attrs) }); }
  /** A token {object:'token', token:'tve:…', user_id}. The body is not wrapped. */
  requestEmailVerification(id, params = {}) { return this.client.request('POST', this.idPath(id, 'request_email_verification'), { body: params }); }
  /** attrs: token (tve:). The user. */
  verifyEmail(attrs) { return this.client.request('POST', `${this.path}/verify_email`, { body: buildRoot(this.root, attrs) }); }
  /** attrs: token (the invitation's). The user. */
  acceptInvitation(id, attrs) { return this.action('POST', id, 'accept_invitation', attrs); }
}

/** No list: a user's credentials come embedded in the user. */
class Credentials extends Resource {
  constructor(client) { super(client, 'credentials', 'credential'); }
  /** attrs: code. The TOTP credential, active after a good code; a wrong one: ValidationError. */
  verify(id, attrs) { return this.action('POST', id, 'verify', attrs); }
}

/** Named by ID or by provider type ('password', 'totp'). Login actions are not wrapped in the root. */
class AuthProviders extends Resource {
  constructor(client) { super(client, 'auth_providers', 'auth_provider'); }
  /** params: redirect_uri, nonce. {collection: [{id, provider_type, auth_url}]} of active social providers. */
  authorizeUrls(params) { return this.client.request('GET', `${this.path}/authorize`, { query: params }); }
  /** params: redirect_uri, nonce. {id, provider_type, auth_url}. */
  authorizeUrl(id, params) { return this.client.request('GET', this.idPath(id, 'authorize'), { query: params }); }
  /** params: code, state, nonce. A session; a bad code: ValidationError. */
  authorize(params) { return this.client.request('POST', `${this.path}/authorize`, { body: params }); }
  /** params: access_token. A session. */
  authorizeToken(id, params) { return this.client.request('POST', this.idPath(id, 'authorize'), { body: params }); }
}

class Realms extends Resource {
  constructor(client) { super(client, 'realms', 'realm'); }
  /** Deletes everything in the realm and keeps its settings. The SDKs send {}. */
  reset(id) { return this.client.request('POST', this.idPath(id, 'reset'), { body: {} }); }
}

/** Invitations, with the invite action (its body is wrapped even when empty). */
class Invitations extends Resource {
  constructor(client) { super(client, 'invitations', 'invitation'); }
  invite(id, attrs = {}) { return this.action('POST', id, 'invite', attrs); }
}

/** LoginRocket domains; verify checks DNS and certificate. */
class Domains extends Resource {
  constructor(client) { super(client, 'domains', 'domain'); }
  verify(id, attrs) { return this.action('POST', id, 'verify', attrs); }
}

/** As the Ruby SDK's Oauth2Session: find, create (issues a code) and codeToToken. */
class Oauth2Sessions extends Resource {
  constructor(client) { super(client, 'sessions/oauth2', 'session'); }
  /** attrs: client_app_id, client_app_secret, code. */
  codeToToken(attrs) { return this.client.request('POST', `${this.path}/code`, { body: buildRoot(this.root, attrs) }); }
}
