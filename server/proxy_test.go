package server

import "testing"

func TestMessageLocale(t *testing.T) {
	for in, want := range map[string]string{
		"":                "",
		"*":               "",
		"not a language;": "",
		"es":              "es",
		"es-ES,es;q=0.9":  "es",
		"fr-FR, es;q=0.5": "es",
		"fr":              "en",
		"ja-JP":           "ja",
		"en-GB":           "en",
	} {
		if got := messageLocale(in); got != want {
			t.Errorf("messageLocale(%q) = %q, want %q", in, got, want)
		}
	}
}
