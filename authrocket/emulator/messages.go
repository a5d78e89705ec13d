package emulator

import (
	"strings"
)

// Languages the emulator localizes error messages into.
const (
	langEN = "en"
	langES = "es"
)

// parseLang picks the response language from an Accept-Language header:
// the first tag decides; "es" and "es-*" give Spanish, anything else
// (including a missing header) gives English.
func parseLang(header string) string {
	first, _, _ := strings.Cut(header, ",")
	tag, _, _ := strings.Cut(first, ";")
	tag = strings.ToLower(strings.TrimSpace(tag))
	if tag == "es" || strings.HasPrefix(tag, "es-") || strings.HasPrefix(tag, "es_") {
		return langES
	}
	return langEN
}

// catalog holds every message template the emulator emits, in English and
// Spanish. Templates use %{attr}, %{other}, %{count} and %{value}.
// Attribute messages follow Rails' full-message style ("Email can't be
// blank") and the rails-i18n Spanish translations.
var catalog = map[string][2]string{
	"access_denied":           {"Access denied; check your API credentials and permissions", "Acceso denegado; revise sus credenciales y permisos de la API"},
	"realm_required":          {"Realm ID is required", "Se requiere el ID del realm"},
	"not_found":               {"Not found", "No encontrado"},
	"method_not_allowed":      {"Method not allowed", "Método no permitido"},
	"not_acceptable":          {"Not acceptable; only application/json is available", "No aceptable; solo está disponible application/json"},
	"unsupported_media_type":  {"Unsupported content type; use application/json or application/x-www-form-urlencoded", "Tipo de contenido no admitido; use application/json o application/x-www-form-urlencoded"},
	"malformed_json":          {"Malformed JSON body", "Cuerpo JSON mal formado"},
	"malformed_form":          {"Malformed form body", "Cuerpo de formulario mal formado"},
	"body_too_large":          {"Request body too large", "Cuerpo de la solicitud demasiado grande"},
	"login_failed":            {"Login failed", "Error al iniciar sesión"},
	"current_password":        {"Current password does not match", "La contraseña actual no coincide"},
	"org_closed":              {"Org is closed", "La organización está cerrada"},
	"user_not_found":          {"User not found", "Usuario no encontrado"},
	"user_inactive":           {"User is inactive", "El usuario está inactivo"},
	"org_not_found":           {"Org not found", "Organización no encontrada"},
	"inviter_not_found":       {"Inviting user not found", "Usuario que invita no encontrado"},
	"auth_provider_not_found": {"Auth provider not found", "Proveedor de autenticación no encontrado"},
	"client_app_not_found":    {"Client app not found", "Aplicación cliente no encontrada"},
	"client_app_not_oauth2":   {"Client app is not an OAuth2 app", "La aplicación cliente no es una aplicación OAuth2"},
	"client_app_inactive":     {"Client app is inactive", "La aplicación cliente está inactiva"},
	"last_jwt_key":            {"Cannot delete the realm's last %{value} key", "No se puede eliminar la última clave %{value} del realm"},
	"readonly":                {"%{attr} can't be changed", "%{attr} no se puede cambiar"},
	"blank":                   {"%{attr} can't be blank", "%{attr} no puede estar en blanco"},
	"taken":                   {"%{attr} has already been taken", "%{attr} ya está en uso"},
	"invalid":                 {"%{attr} is invalid", "%{attr} no es válido"},
	"inclusion":               {"%{attr} is not included in the list", "%{attr} no está incluido en la lista"},
	"too_short":               {"%{attr} is too short (minimum is %{count} characters)", "%{attr} es demasiado corto (%{count} caracteres mínimo)"},
	"confirmation":            {"%{attr} doesn't match %{other}", "%{attr} no coincide con %{other}"},
	"not_a_number":            {"%{attr} is not a number", "%{attr} no es un número"},
	"greater_than_zero":       {"%{attr} must be greater than 0", "%{attr} debe ser mayor que 0"},
	"permission_invalid":      {"Permission %{value} is invalid", "El permiso %{value} no es válido"},
	"permission_too_long":     {"Permission %{value} is too long (maximum is %{count} characters)", "El permiso %{value} es demasiado largo (%{count} caracteres máximo)"},
	"permission_reserved":     {"Permission %{value} is reserved", "El permiso %{value} está reservado"},
	"permissions_too_many":    {"Permissions has too many entries (maximum is %{count})", "Permisos tiene demasiadas entradas (máximo %{count})"},
	"invalid_max_results":     {"Invalid max_results: must be an integer between 1 and 1000", "max_results no válido: debe ser un entero entre 1 y 1000"},
	"invalid_sort":            {"Invalid sort: must be one of %{value}", "sort no válido: debe ser uno de %{value}"},
	"invalid_direction":       {"Invalid direction: must be asc or desc", "direction no válido: debe ser asc o desc"},

	// Events, hooks and the other realm configuration resources.
	"greater_than_or_equal_to":        {"%{attr} must be greater than or equal to %{count}", "%{attr} debe ser mayor que o igual a %{count}"},
	"less_than_or_equal_to":           {"%{attr} must be less than or equal to %{count}", "%{attr} debe ser menor que o igual a %{count}"},
	"email_event_type":                {"Event type is not available for email hooks", "Tipo de evento no está disponible para hooks de email"},
	"hook_not_found":                  {"Hook not found", "Hook no encontrado"},
	"hook_not_mailing_list":           {"Hook is not a mailing list hook", "Hook no es un hook de lista de correo"},
	"mailing_list_provider_not_found": {"Mailing list provider not found", "Proveedor de lista de correo no encontrado"},
	"mailing_list_provider_in_use":    {"Mailing list provider is in use by a hook", "Proveedor de lista de correo está en uso por un hook"},

	// Auth providers, credentials and logins with a second factor or a
	// social provider.
	"verification_failed":  {"Verification failed", "La verificación falló"},
	"mfa_token_invalid":    {"Token is invalid or has expired", "El token no es válido o ha caducado"},
	"code_invalid":         {"Error validating code", "Error al validar el código"},
	"access_token_invalid": {"Error validating access token", "Error al validar el token de acceso"},
	"provider_inactive":    {"Auth provider is not active", "El proveedor de autenticación no está activo"},
	"provider_not_login":   {"Auth provider is not an active social or OAuth2 provider", "El proveedor de autenticación no es un proveedor social u OAuth2 activo"},
	"password_lowercase":   {"Password must include a lowercase letter", "Contraseña debe incluir una letra minúscula"},
	"password_uppercase":   {"Password must include an uppercase letter", "Contraseña debe incluir una letra mayúscula"},
	"password_number":      {"Password must include a number", "Contraseña debe incluir un número"},
	"password_symbol":      {"Password must include a symbol", "Contraseña debe incluir un símbolo"},
	// Default bodies for injected faults.
	"fault_400": {"Bad request", "Solicitud incorrecta"},
	"fault_402": {"Account inactive; login to portal to check service status", "Cuenta inactiva; inicie sesión en el portal para revisar el estado del servicio"},
	"fault_404": {"Not found", "No encontrado"},
	"fault_409": {"Conflict", "Conflicto"},
	"fault_422": {"Validation error", "Error de validación"},
	"fault_429": {"Rate limited; wait before trying again", "Límite de solicitudes excedido; espere antes de volver a intentarlo"},
	"fault_5xx": {"Server error", "Error del servidor"},
	"fault_any": {"Injected error (HTTP %{count})", "Error inyectado (HTTP %{count})"},
}

// attrNames are the human attribute names used in full messages.
var attrNames = map[string][2]string{
	"email":                 {"Email", "Email"},
	"email_pending":         {"Email pending", "Email pendiente"},
	"email_verification":    {"Email verification", "Verificación de email"},
	"first_name":            {"First name", "Nombre"},
	"last_name":             {"Last name", "Apellido"},
	"username":              {"Username", "Nombre de usuario"},
	"locale":                {"Locale", "Idioma"},
	"reference":             {"Reference", "Referencia"},
	"custom":                {"Custom", "Atributos personalizados"},
	"state":                 {"State", "Estado"},
	"password":              {"Password", "Contraseña"},
	"password_confirmation": {"Password confirmation", "Confirmación de contraseña"},
	"name":                  {"Name", "Nombre"},
	"user":                  {"User", "Usuario"},
	"org":                   {"Org", "Organización"},
	"permissions":           {"Permissions", "Permisos"},
	"selected":              {"Selected", "Seleccionado"},
	"expires_at":            {"Expires at", "Vence el"},
	"jwt_algo":              {"Jwt algo", "Algoritmo JWT"},
	"jwt_scopes":            {"Jwt scopes", "Alcances JWT"},
	"jwt_minutes":           {"Jwt minutes", "Minutos de JWT"},
	"session_minutes":       {"Session minutes", "Minutos de sesión"},
	"org_mode":              {"Org mode", "Modo de organización"},

	// Events, hooks and the other realm configuration resources.
	"created_at_after":         {"Created at after", "Creado después de"},
	"event_type":               {"Event type", "Tipo de evento"},
	"hook_type":                {"Hook type", "Tipo de hook"},
	"hook":                     {"Hook", "Hook"},
	"description":              {"Description", "Descripción"},
	"destination":              {"Destination", "Destino"},
	"delay":                    {"Delay", "Retraso"},
	"accumulate":               {"Accumulate", "Acumular"},
	"email_to":                 {"Email to", "Email de destino"},
	"email_subjects":           {"Email subjects", "Asuntos de email"},
	"email_templates":          {"Email templates", "Plantillas de email"},
	"email_renderers":          {"Email renderers", "Formatos de email"},
	"locales":                  {"Locales", "Idiomas"},
	"list_id":                  {"List", "Lista"},
	"mailing_list_provider":    {"Mailing list provider", "Proveedor de lista de correo"},
	"mailing_list_provider_id": {"Mailing list provider", "Proveedor de lista de correo"},
	"on_create":                {"On create", "Al crear"},
	"visibility":               {"Visibility", "Visibilidad"},
	"permission":               {"Permission", "Permiso"},
	"title":                    {"Title", "Título"},
	"link_url":                 {"Link URL", "URL del enlace"},
	"resource_type":            {"Resource type", "Tipo de recurso"},
	"provider_name":            {"Provider name", "Nombre del proveedor"},
	"provider_type":            {"Provider type", "Tipo de proveedor"},
	"api_endpoint":             {"API endpoint", "Endpoint de la API"},
	"provider_account":         {"Provider account", "Cuenta del proveedor"},
	"valid_list_ids":           {"Valid lists", "Listas válidas"},
	"list_state":               {"List state", "Estado en la lista"},
	"email_from":               {"Email from", "Email del remitente"},
	"email_from_name":          {"Email from name", "Nombre del remitente"},
	"smtp_host":                {"SMTP host", "Servidor SMTP"},
	"smtp_port":                {"SMTP port", "Puerto SMTP"},
	"smtp_user":                {"SMTP user", "Usuario SMTP"},
	"smtp_password":            {"SMTP password", "Contraseña SMTP"},
	// Auth providers and credentials.
	"credential_type":      {"Credential type", "Tipo de credencial"},
	"auth_provider":        {"Auth provider", "Proveedor de autenticación"},
	"provider_user_id":     {"Provider user", "Usuario del proveedor"},
	"min_length":           {"Min length", "Longitud mínima"},
	"min_complexity":       {"Min complexity", "Complejidad mínima"},
	"required_chars":       {"Required chars", "Caracteres requeridos"},
	"client_id":            {"Client ID", "ID de cliente"},
	"client_secret":        {"Client secret", "Secreto de cliente"},
	"authorization_url":    {"Authorization URL", "URL de autorización"},
	"token_url":            {"Token URL", "URL de token"},
	"profile_url":          {"Profile URL", "URL de perfil"},
	"scopes":               {"Scopes", "Alcances"},
	"id_field":             {"Id field", "Campo de ID"},
	"email_field":          {"Email field", "Campo de email"},
	"email_verified_field": {"Email verified field", "Campo de email verificado"},
	"first_name_field":     {"First name field", "Campo de nombre"},
	"last_name_field":      {"Last name field", "Campo de apellido"},
	"name_field":           {"Name field", "Campo de nombre completo"},
	"loginrocket_domain":   {"Loginrocket domain", "Dominio de LoginRocket"},
	"redirect_uri":         {"Redirect URI", "URI de redirección"},
	"token":                {"Token", "Token"},
	"invitation_type":      {"Invitation type", "Tipo de invitación"},
	"inviting_user":        {"Inviting user", "Usuario que invita"},
	"inviting_user_id":     {"Inviting user id", "ID del usuario que invita"},
	"org_id":               {"Org id", "ID de organización"},
	"auth_provider_id":     {"Auth provider id", "ID del proveedor de autenticación"},
	"algo":                 {"Algo", "Algoritmo"},
	"use":                  {"Use", "Uso"},
	"client_type":          {"Client type", "Tipo de cliente"},
	"redirect_uris":        {"Redirect uris", "URIs de redirección"},
	"allowed_scopes":       {"Allowed scopes", "Alcances permitidos"},
	"app_type":             {"App type", "Tipo de aplicación"},
	"logo":                 {"Logo", "Logo"},
	"domain_type":          {"Domain type", "Tipo de dominio"},
	"subdomain":            {"Subdomain", "Subdominio"},
	"domain":               {"Domain", "Dominio"},
	"client_app":           {"Client app", "Aplicación cliente"},
	"client_app_secret":    {"Client app secret", "Secreto de la aplicación cliente"},
	"code":                 {"Code", "Código"},
}

// msg is one localizable message: a catalog key and its arguments.
type msg struct {
	key  string
	args map[string]string
}

// m builds a msg from a key and alternating argument names and values.
func m(key string, kv ...string) msg {
	out := msg{key: key}
	if len(kv) > 0 {
		out.args = make(map[string]string, len(kv)/2)
		for i := 0; i+1 < len(kv); i += 2 {
			out.args[kv[i]] = kv[i+1]
		}
	}
	return out
}

// attrMsg builds a msg about an attribute, e.g. attrMsg("blank", "email").
func attrMsg(key, attr string) msg { return m(key, "attr", attr) }

// humanAttr returns the display name of attribute a in lang.
func humanAttr(a, lang string) string {
	if n, ok := attrNames[a]; ok {
		if lang == langES {
			return n[1]
		}
		return n[0]
	}
	s := strings.ReplaceAll(a, "_", " ")
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// localize renders the message in lang.
func (x msg) localize(lang string) string {
	t, ok := catalog[x.key]
	if !ok {
		return x.key
	}
	s := t[0]
	if lang == langES {
		s = t[1]
	}
	for k, v := range x.args {
		if k == "attr" || k == "other" {
			v = humanAttr(v, lang)
		}
		s = strings.ReplaceAll(s, "%{"+k+"}", v)
	}
	return s
}
