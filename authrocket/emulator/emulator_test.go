package emulator

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestRequestLogBounded(t *testing.T) {
	e := New()
	for i := 0; i < MaxRecordedRequests+5; i++ {
		req := httptest.NewRequest(http.MethodGet, fmt.Sprintf("/v2/users/usr_%d", i), nil)
		e.ServeHTTP(httptest.NewRecorder(), req)
	}
	reqs := e.Requests()
	if len(reqs) != MaxRecordedRequests || e.RequestCount() != MaxRecordedRequests+5 {
		t.Fatalf("%d recorded, count %d", len(reqs), e.RequestCount())
	}
	if reqs[0].Path != "/v2/users/usr_5" || reqs[len(reqs)-1].Path != fmt.Sprintf("/v2/users/usr_%d", MaxRecordedRequests+4) {
		t.Errorf("kept %s … %s, want the last ones", reqs[0].Path, reqs[len(reqs)-1].Path)
	}
	e.ResetRequests()
	if len(e.Requests()) != 0 || e.RequestCount() != 0 {
		t.Error("reset kept requests")
	}
}
