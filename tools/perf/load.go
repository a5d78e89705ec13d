package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"time"
)

// target is one way of making the benchmark's call.
type target struct {
	name string
	hop  *server // the process between the client and the emulator; nil for direct
	call func(ctx context.Context, w *worker) error
}

// worker is one caller's state.
type worker struct {
	buf       bytes.Buffer    // a response body
	latencies []time.Duration // of the calls that succeeded
	calls     int
	errs      []error // the first few
	nerrs     int
}

// maxErrsKept bounds the errors each caller keeps to print.
const maxErrsKept = 3

// loadResult is what the callers of a window saw.
type loadResult struct {
	calls     int
	nerrs     int
	errs      []error
	elapsed   time.Duration // from the first call to the end of the last
	latencies []time.Duration
}

// load runs callers concurrent callers of t, each starting calls until d
// has passed; it returns when every call has returned. A call that lasts
// more than d+30 s fails.
func load(ctx context.Context, t *target, callers int, d time.Duration) loadResult {
	ctx, cancel := context.WithTimeout(ctx, d+30*time.Second)
	defer cancel()
	workers := make([]*worker, callers)
	for i := range workers {
		workers[i] = &worker{latencies: make([]time.Duration, 0, 1024)}
	}
	var wg sync.WaitGroup
	start := time.Now()
	end := start.Add(d)
	for _, w := range workers {
		wg.Go(func() {
			for time.Now().Before(end) && ctx.Err() == nil {
				t0 := time.Now()
				err := t.call(ctx, w)
				lat := time.Since(t0)
				w.calls++
				if err != nil {
					w.nerrs++
					if len(w.errs) < maxErrsKept {
						w.errs = append(w.errs, err)
					}
					continue
				}
				w.latencies = append(w.latencies, lat)
			}
		})
	}
	wg.Wait()
	r := loadResult{elapsed: time.Since(start)}
	for _, w := range workers {
		r.calls += w.calls
		r.nerrs += w.nerrs
		r.errs = append(r.errs, w.errs...)
		r.latencies = append(r.latencies, w.latencies...)
	}
	slices.Sort(r.latencies)
	return r
}

// percentile is the p-th percentile (0 < p ≤ 100) of sorted, nearest rank.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(float64(len(sorted))*p/100+0.5) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

// getHTTP sends a GET of url with headers (name, value pairs) and checks
// that the answer is 200 and has want in its body.
func getHTTP(ctx context.Context, w *worker, client *http.Client, url string, want []byte, headers ...string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := client.Do(req)
	if err != nil {
		return err
	}
	w.buf.Reset()
	_, err = w.buf.ReadFrom(res.Body)
	res.Body.Close()
	switch {
	case err != nil:
		return fmt.Errorf("GET %s: reading the body: %w", url, err)
	case res.StatusCode != http.StatusOK:
		return fmt.Errorf("GET %s: %s: %.300s", url, res.Status, w.buf.Bytes())
	case !bytes.Contains(w.buf.Bytes(), want):
		return fmt.Errorf("GET %s: the body lacks %s: %.300s", url, want, w.buf.Bytes())
	}
	return nil
}
