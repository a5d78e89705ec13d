// Package openapi embeds the OpenAPI document that protoc-gen-openapiv2
// generates for the REST facade (authrocket.swagger.json, beside this file).
// This file is the only hand-written one under gen/.
package openapi

import _ "embed"

// JSON is the REST facade's OpenAPI v2 document.
//
//go:embed authrocket.swagger.json
var JSON []byte
