package emulator_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/authrocket-gateway/gateway/authrocket/emulator"
)

func Example() {
	emu := emulator.New()
	realmID, _ := emu.CreateRealm("Example realm")
	srv := httptest.NewServer(emu)
	defer srv.Close()

	req, _ := http.NewRequest("POST", srv.URL+"/v2/users", strings.NewReader(`{"user":{"email":"ann@example.com","password":"password1"}}`))
	req.Header.Set("Authorization", "Bearer "+emu.APIKey()+","+realmID)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		panic(err)
	}
	resp.Body.Close()
	fmt.Println(resp.StatusCode)

	// One injected 429, then normal answers again.
	emu.InjectFault(emulator.Fault{Path: "/v2/users*", Status: 429, RetryAfter: "1", Times: 1})
	for range 2 {
		req, _ := http.NewRequest("GET", srv.URL+"/v2/users/ann@example.com", nil)
		req.Header.Set("Authrocket-Api-Key", emu.APIKey())
		req.Header.Set("Authrocket-Realm", realmID)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			panic(err)
		}
		resp.Body.Close()
		fmt.Printf("%d %q\n", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	fmt.Println(len(emu.Requests()))
	// Output:
	// 201
	// 429 "1"
	// 200 ""
	// 3
}
